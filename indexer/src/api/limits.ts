// The bounds every query meets before it costs anything, cheapest first, each refused with its own
// extensions.code: tokens while parsing (TOO_MANY_TOKENS), field selections before validation
// (TOO_MANY_FIELDS), depth and aliases as validation starts (QUERY_TOO_DEEP, TOO_MANY_ALIASES),
// then before execution: strings that are no text (BAD_USER_INPUT) and complexity
// (QUERY_TOO_COMPLEX, complexity.ts).
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { type DocumentNode, GraphQLError, Kind, type ValueNode, visit } from "graphql";
import type { Plugin } from "graphql-yoga";

import { complexityLimitPlugin } from "./complexity";
import { badInput } from "./pagination";

/**
 * Deep enough for a thread five replies deep; 200 field selections are three times the largest
 * query of the SDK and the CLI (a home feed page with reposted and quoted posts selects ~60);
 * complexity counts each list as its page size (a full home feed page with bodies, authors and
 * reposts is about 3,000).
 */
export const QUERY_LIMITS = { maxTokens: 2_000, maxFields: 200, maxDepth: 12, maxAliases: 10, maxComplexity: 20_000 } as const;

/**
 * graphql-armor's refusals read "Syntax Error: <limit> exceeded, found <n>." with no code: the
 * same sentence without the misleading prefix, what to do, and a code. Thrown, so that validation
 * stops at once rather than running its other rules over a query already refused.
 */
function refuseAs(code: string, whatToDo: string) {
  return (_context: unknown, error: GraphQLError): never => {
    throw new GraphQLError(`${error.message.replace(/^Syntax Error: /, "")} ${whatToDo}`, { extensions: { code } });
  };
}

/** The field selections of every operation and fragment of `document` (at most one per token). */
function fieldSelections(document: DocumentNode): number {
  let count = 0;
  visit(document, {
    Field() {
      count += 1;
    },
  });
  return count;
}

/**
 * Refuses documents with more than `max` field selections before validation sees them: the cost
 * of validating (OverlappingFieldsCanBeMerged compares the fields of a selection set pairwise)
 * grows with the square of their number, whatever the depth, aliases or complexity.
 */
function fieldLimitPlugin(max: number): Plugin {
  return {
    onValidate({ params }) {
      const count = fieldSelections(params.documentAST);
      if (count > max) {
        throw new GraphQLError(`Field selections limit of ${max} exceeded, found ${count}. Ask for fewer fields.`, {
          extensions: { code: "TOO_MANY_FIELDS" },
        });
      }
    },
  };
}

/** NUL and unpaired UTF-16 surrogates: no UTF-8 text holds them, and Postgres refuses them in text. */
const NOT_TEXT = /[\0\p{Cs}]/u;

function holdsNonText(value: unknown): boolean {
  if (typeof value === "string") return NOT_TEXT.test(value);
  if (Array.isArray(value)) return value.some(holdsNonText);
  return typeof value === "object" && value !== null && Object.values(value).some(holdsNonText);
}

function literalHoldsNonText(value: ValueNode): boolean {
  if (value.kind === Kind.STRING) return NOT_TEXT.test(value.value);
  if (value.kind === Kind.LIST) return value.values.some(literalHoldsNonText);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => literalHoldsNonText(field.value));
  return false;
}

/** Where `document` or `variables` carry a string that is not text, in words; undefined if nowhere. */
function nonTextArgument(document: DocumentNode, variables: Record<string, unknown>): string | undefined {
  const variable = Object.entries(variables).find(([, value]) => holdsNonText(value));
  if (variable) return `Variable "$${variable[0]}"`;
  let found: string | undefined;
  visit(document, {
    Field(field) {
      const argument = field.arguments?.find((arg) => literalHoldsNonText(arg.value));
      if (argument) found ??= `Argument "${argument.name.value}" of "${field.name.value}"`;
    },
    VariableDefinition(definition) {
      if (definition.defaultValue && literalHoldsNonText(definition.defaultValue)) found ??= `Variable "$${definition.variable.name.value}"`;
    },
  });
  return found;
}

/**
 * Refuses NUL characters and broken UTF-16 in string arguments before any resolver passes them to
 * SQL, where they would fail as an internal error (the body itself is checked for UTF-8 in http.ts).
 */
const textArgumentsPlugin: Plugin = {
  onExecute({ args, setResultAndStopExecution }) {
    const where = nonTextArgument(args.document, (args.variableValues ?? {}) as Record<string, unknown>);
    if (where) setResultAndStopExecution({ errors: [badInput(`${where} is not valid text: strings must be UTF-8 without NUL characters.`)] });
  },
};

export const queryLimits = [
  maxTokensPlugin({ n: QUERY_LIMITS.maxTokens, exposeLimits: true, onReject: [refuseAs("TOO_MANY_TOKENS", "Send a shorter query.")] }),
  fieldLimitPlugin(QUERY_LIMITS.maxFields),
  maxDepthPlugin({ n: QUERY_LIMITS.maxDepth, exposeLimits: true, onReject: [refuseAs("QUERY_TOO_DEEP", "Ask for fewer nested levels.")] }),
  maxAliasesPlugin({ n: QUERY_LIMITS.maxAliases, exposeLimits: true, onReject: [refuseAs("TOO_MANY_ALIASES", "Ask for fewer aliased fields.")] }),
  textArgumentsPlugin,
  complexityLimitPlugin(QUERY_LIMITS.maxComplexity),
];
