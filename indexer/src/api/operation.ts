// Which operation a GraphQL request runs, from its text alone (no schema): the API and the read
// proxy decide by it whether a request is a live subscription (no deadline, no admission slot) or
// not. The Accept header is the client's to choose, so it cannot decide that by itself: yoga
// answers a plain query over text/event-stream too.
import { type DocumentNode, Kind, parse } from "graphql";

/** Whether `query` (with `operationName`, when it has several) is a subscription; false when it does not parse. */
export function isSubscription(query: unknown, operationName?: unknown): boolean {
  if (typeof query !== "string") return false;
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return false;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = typeof operationName === "string" ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  return chosen?.operation === "subscription";
}

/** The query and operationName of a GraphQL request (GET search parameters or a JSON POST body). */
export async function operationOf(request: Request): Promise<{ query: unknown; operationName: unknown }> {
  if (request.method === "GET") {
    const params = new URL(request.url).searchParams;
    return { query: params.get("query"), operationName: params.get("operationName") ?? undefined };
  }
  try {
    const body = (await request.clone().json()) as { query?: unknown; operationName?: unknown };
    return { query: body?.query, operationName: body?.operationName };
  } catch {
    return { query: undefined, operationName: undefined };
  }
}
