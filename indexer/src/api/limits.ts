// The bounds every query meets before it costs anything, cheapest first, each refused with its own
// extensions.code: tokens while parsing (TOO_MANY_TOKENS), field selections before validation
// (TOO_MANY_FIELDS), depth and aliases as validation starts (QUERY_TOO_DEEP, TOO_MANY_ALIASES),
// complexity before execution (QUERY_TOO_COMPLEX, complexity.ts).
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { type DocumentNode, GraphQLError, visit } from "graphql";
import type { Plugin } from "graphql-yoga";

import { complexityLimitPlugin } from "./complexity";

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

export const queryLimits = [
  maxTokensPlugin({ n: QUERY_LIMITS.maxTokens, exposeLimits: true, onReject: [refuseAs("TOO_MANY_TOKENS", "Send a shorter query.")] }),
  fieldLimitPlugin(QUERY_LIMITS.maxFields),
  maxDepthPlugin({ n: QUERY_LIMITS.maxDepth, exposeLimits: true, onReject: [refuseAs("QUERY_TOO_DEEP", "Ask for fewer nested levels.")] }),
  maxAliasesPlugin({ n: QUERY_LIMITS.maxAliases, exposeLimits: true, onReject: [refuseAs("TOO_MANY_ALIASES", "Ask for fewer aliased fields.")] }),
  complexityLimitPlugin(QUERY_LIMITS.maxComplexity),
];
