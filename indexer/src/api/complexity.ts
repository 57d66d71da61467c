// Query complexity: how many values a query can return, counting every list as its page size.
// Armor's cost limit counts fields once; a homeFeed(limit: 100) whose items ask for followers(limit:
// 100) and their posts(limit: 100) is a million objects. This rule refuses such queries before they
// run, with the numbers in the message.
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";

import { DEFAULT_PAGE_SIZE, MAX_UNPAGED_ITEMS, PAGINATED_FIELDS } from "./pagination";

function limitOf(field: FieldNode, variables: Record<string, unknown>): number | undefined {
  const argument = field.arguments?.find((arg) => arg.name.value === "limit");
  if (!argument) {
    // A paginated field without an explicit limit returns the default page.
    return undefined;
  }
  const value: ValueNode = argument.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    return typeof given === "number" ? given : DEFAULT_PAGE_SIZE;
  }
  return DEFAULT_PAGE_SIZE;
}

/** Lists without pagination: each returns at most MAX_UNPAGED_ITEMS (`labels` counts as paginated). */
const UNPAGED = new Set(["labelerSubscriptions", "policies", "listSubscriptions", "moderators", "hiddenFor"]);

export function complexityOf(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) {
      operation ??= definition;
    }
  }
  const seen = new Set<string>();
  const cost = (selections: SelectionSetNode | undefined): number => {
    let total = 0;
    for (const selection of selections?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const repeat = PAGINATED_FIELDS.has(name) ? (limitOf(selection, variables) ?? DEFAULT_PAGE_SIZE) : UNPAGED.has(name) ? MAX_UNPAGED_ITEMS : 1;
        total += 1 + repeat * cost(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += cost(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        // A fragment spread inside itself is refused by validation; do not loop on it here.
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          total += cost(fragment.selectionSet);
          seen.delete(fragment.name.value);
        }
      }
    }
    return total;
  };
  return operation ? cost(operation.selectionSet) : 0;
}

/** Refuses, before execution, operations whose complexity exceeds `max`. */
export function complexityLimitPlugin(max: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const complexity = complexityOf(args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>);
      if (complexity > max) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `Query complexity ${complexity} exceeds the limit of ${max} (each list counts its page size: lower a limit or ask for fewer fields)`,
              { extensions: { code: "QUERY_TOO_COMPLEX", complexity, max } },
            ),
          ],
        });
      }
    },
  };
}
