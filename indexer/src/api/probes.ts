// /ready as an operator's load balancer needs it. Ponder 0.17 answers /ready itself, ahead of the
// app's routes (its server/index.js), from one thing only: whether the backfill is done. So it
// answers 200 while the database is down and while the index is stalled (finality.ts, freshness.ts).
// Ponder creates its HTTP server with `http.createServer(options, listener)` (@hono/node-server's
// serve) after it loaded this app: wrapping that function here lets Kith answer /ready first, and hand every other request (and a /ready it has
// nothing against) to Ponder unchanged.
import http from "node:http";

import { freshness, type Freshness } from "./freshness";
import { oncePerProcess } from "./oncePerProcess";
import { RETRY_AFTER_SECONDS } from "./settings";

/** Why the index should not take traffic now, or undefined. */
async function notReady(): Promise<{ code: string; message: string } | undefined> {
  let f: Freshness | null;
  try {
    f = await freshness();
  } catch {
    return { code: "DATABASE_UNAVAILABLE", message: `The index database cannot be reached. Retry in ${RETRY_AFTER_SECONDS} s.` };
  }
  if (f?.stalled) {
    const seconds = Math.round((Date.now() - f.stalledSince!) / 1000);
    return {
      code: "INDEX_STALLED",
      message: `The chain's head is at block ${f.headBlock} and the index has stayed at block ${f.indexedBlock} for ${seconds} s (KITH_STALL_AFTER_SECONDS); see the indexer's log.`,
    };
  }
  return undefined;
}

type Listener = (request: http.IncomingMessage, response: http.ServerResponse) => void;

function withReadiness(listener: Listener): Listener {
  return (request, response) => {
    if (request.method !== "GET" || (request.url !== "/ready" && !request.url?.startsWith("/ready?"))) return listener(request, response);
    void notReady().then((reason) => {
      if (!reason) return listener(request, response);
      response.writeHead(503, { "content-type": "application/json", "retry-after": String(RETRY_AFTER_SECONDS), "access-control-allow-origin": "*" });
      response.end(JSON.stringify({ ready: false, ...reason }));
    });
  };
}

/** Once per process (`ponder dev` evaluates this module again on every change). */
export function answerReadiness(): void {
  if (!oncePerProcess("readiness")) return;
  const target = http as unknown as { createServer: (...args: unknown[]) => http.Server };
  const createServer = target.createServer;
  target.createServer = (...args: unknown[]) => {
    const at = args.findIndex((arg) => typeof arg === "function");
    if (at !== -1) args[at] = withReadiness(args[at] as Listener);
    return createServer(...args);
  };
}
