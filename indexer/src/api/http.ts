// What /graphql checks of a request before GraphQL sees it, and how it refuses: the same JSON as a
// GraphQL error (`errors[].extensions.code`, `extensions.kith`), with an HTTP status.
import { isUtf8 } from "node:buffer";

import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

import { type Freshness, kithExtension } from "./freshness";
import { API_SETTINGS } from "./settings";

const MAX_BODY_BYTES = API_SETTINGS.maxBodyBytes;

export function refusal(
  freshness: Freshness | null,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ errors: [{ message, extensions: { code } }], extensions: { kith: kithExtension(freshness, 0) } }, { status, headers });
}

/**
 * 413 for bodies over MAX_BODY_BYTES, whether they declare a length or come chunked (Hono's
 * bodyLimit stops reading at the limit).
 */
export function graphqlBodyLimit(freshness: () => Promise<Freshness | null>): MiddlewareHandler {
  return bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // The rest of the body is never read, so the connection cannot carry another request: it is
    // closed after the answer, and says so (a client reusing it would meet "other side closed").
    onError: async () =>
      refusal(await freshness(), 413, "REQUEST_TOO_LARGE", `Request body limit of ${MAX_BODY_BYTES} bytes exceeded. Send a shorter query and variables.`, {
        connection: "close",
      }),
  });
}

/** Whether every percent-encoded parameter of a query string decodes to UTF-8 text. */
function isUtf8QueryString(search: string): boolean {
  try {
    for (const part of search.replace(/^\?/, "").split("&")) decodeURIComponent(part.replaceAll("+", " "));
    return true;
  } catch {
    return false;
  }
}

/**
 * The request as yoga should see it, aborted by `signal`, or a 400 when its body or query string
 * is not UTF-8: a JSON parser would turn such bytes into U+FFFD and query with a string the client
 * never sent.
 */
export async function utf8Request(
  c: Context,
  signal: AbortSignal,
  freshness: () => Promise<Freshness | null>,
): Promise<{ request: Request; body: Uint8Array | undefined } | { refused: Response }> {
  const request = c.req.raw;
  if (!isUtf8QueryString(new URL(request.url).search)) {
    return { refused: refusal(await freshness(), 400, "BAD_USER_INPUT", "The query string is not valid UTF-8.") };
  }
  const body = request.method === "POST" && request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
  if (body && !isUtf8(body)) return { refused: refusal(await freshness(), 400, "BAD_USER_INPUT", "The request body is not valid UTF-8.") };
  return { request: new Request(request.url, { method: request.method, headers: request.headers, body, signal }), body };
}

/** What yoga answers with an empty body, as the JSON refusal every other refusal is. */
const BODYLESS: Record<number, [code: string, message: string]> = {
  415: ["UNSUPPORTED_MEDIA_TYPE", "Send the query as JSON (content-type: application/json), or as GET parameters."],
  406: ["NOT_ACCEPTABLE", "Accept application/json or application/graphql-response+json."],
};

export async function withJsonRefusal(response: Response, freshness: () => Promise<Freshness | null>): Promise<Response> {
  const bodyless = BODYLESS[response.status];
  if (!bodyless || response.headers.get("content-type")?.includes("json")) return response;
  const accept = response.headers.get("accept");
  return refusal(await freshness(), response.status, ...bodyless, accept ? { accept } : {});
}
