// What a client sees when one of Kith's routes fails in a way nobody planned for. Ponder's own
// handler (ponder/dist/esm/server/error.js) answers 500 with the error's message and the file it
// was thrown in ("RangeError: ... occurred in '/srv/kith/indexer/src/api/content.ts:187' ..."):
// the server's paths and internals, to anyone on the internet. The app's own onError comes first
// for the app's routes (Hono runs a mounted app's handler inside its own error handler), so the
// client gets a fixed answer and the operator's log gets the error, its stack and the request.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";

/** The log line of a failure: one per failure, but at most one a second (the rest are counted). */
let lastLogged = 0;
let unlogged = 0;

function logFailure(error: Error, c: Context, log: (line: string) => void): void {
  if (Date.now() - lastLogged < 1_000) {
    unlogged += 1;
    return;
  }
  lastLogged = Date.now();
  const skipped = unlogged > 0 ? ` (and ${unlogged} more since the last one logged)` : "";
  unlogged = 0;
  log(
    JSON.stringify({
      level: 50,
      time: lastLogged,
      msg: `[kith] ${c.req.method} ${c.req.path} failed${skipped}: ${error.name}: ${error.message}`,
      stack: error.stack,
    }),
  );
}

/**
 * The app's onError: a deliberate HTTPException's own answer; anything else 500 with a fixed body (a GraphQL error on /graphql, the content routes' shape
 * elsewhere) that names no file, message or stack; those go to the log.
 */
export function internalError(log: (line: string) => void = console.error) {
  return (error: Error, c: Context): Response => {
    // A middleware's deliberate answer (Hono's HTTPException: a status and a response) stands.
    if (error instanceof HTTPException) return error.getResponse();
    logFailure(error, c, log);
    const message = "The server failed to answer this request. Its operator's log has the details.";
    const body = c.req.path.startsWith("/graphql")
      ? { errors: [{ message, extensions: { code: "INTERNAL_SERVER_ERROR" } }] }
      : { error: { code: "internal_error", message } };
    return Response.json(body, { status: 500, headers: { "cache-control": "no-store" } });
  };
}
