// One URL in front of the read replicas (startReader): requests go round-robin to the readers whose
// /ready answers 200, and a read that a reader fails (no connection, the connection dropped, a 5xx)
// is sent to the next one, so a reader that dies or is restarted costs clients no failed read.
// Built on Hono's proxy helper and @hono/node-server (the stack's HTTP server already); clients
// that take a list of URLs can skip it: the SDK's `createKithClient({ indexerUrls })` fails over
// across the readers itself (sdk/src/client/indexers.ts).
//
// Only reads are sent twice: GET and HEAD, PUT /content (a body is stored under its own digest, so
// storing it twice stores it once), and a GraphQL POST whose document has no mutation (Kith's API
// has none). Live subscriptions are Server-Sent Events over POST /graphql (indexer/src/api/live.ts),
// not WebSockets: their stream is passed on as it comes, and a client whose stream ends reconnects
// (the SDK does), reaching another reader through this URL. A reader has `attemptTimeoutMs` to
// answer, a subscription's too (to send its stream's headers: the stream itself then lasts).
//
// It is the edge: clients are bounded by `headersTimeoutMs` (sending their headers) and
// `requestTimeoutMs` (the whole request), and readers are told who asked in x-forwarded-for (the
// socket's address; a client's own x-forwarded-for could say anything and is replaced),
// x-forwarded-host and x-forwarded-proto.
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { parse } from "graphql";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { proxy } from "hono/proxy";

import { isSubscription, operationOf } from "../../indexer/src/api/operation.ts";
import { RETRY_AFTER_SECONDS } from "../../indexer/src/api/settings.ts";

export interface ReadProxyOptions {
  /** The readers' base URLs (http://host:port). */
  upstreams: string[];
  port?: number;
  /** Where to listen (default 127.0.0.1). */
  hostname?: string;
  /** How often each reader's /ready is asked (default 500 ms). */
  healthIntervalMs?: number;
  /** How long one attempt at one reader may take before the next is asked (default 10 s: above the API's 5 s deadline). */
  attemptTimeoutMs?: number;
  /** Largest request body taken (the indexer's own limits are 64 KiB; default 256 KiB). */
  maxBodyBytes?: number;
  /** How long a client may take to send a request's headers (default 10 s), and the whole request (default 30 s). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface ReadProxy {
  url: string;
  graphqlUrl: string;
  /** Which readers passed their last /ready. */
  health(): { url: string; ready: boolean }[];
  stop(): Promise<void>;
}

/** The header each answer names its reader in (tests, and an operator reading a trace). */
export const READER_HEADER = "x-kith-reader";

interface Upstream {
  url: string;
  ready: boolean;
}

/** Whether sending `body` to `method path` twice does what sending it once does. */
function isIdempotent(method: string, pathname: string, contentType: string | undefined, body: ArrayBuffer | undefined): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return true;
  if (method === "PUT") return pathname.startsWith("/content/");
  if (method !== "POST" || pathname !== "/graphql" || !body) return false;
  if (!contentType?.startsWith("application/json")) return false;
  try {
    const { query } = JSON.parse(new TextDecoder().decode(body)) as { query?: unknown };
    if (typeof query !== "string") return false;
    return !parse(query).definitions.some((d) => d.kind === "OperationDefinition" && d.operation === "mutation");
  } catch {
    // Not JSON, not GraphQL: every reader refuses it alike (400), which is never retried anyway.
    return false;
  }
}

/**
 * Refusals another reader would repeat: every reader reads the same database, so a request that
 * ran out of time on one would only cost another as much (and the database twice), and a database
 * that does not answer does not answer any of them.
 */
const SAME_ON_EVERY_READER = new Set(["DEADLINE_EXCEEDED", "DATABASE_UNAVAILABLE"]);

/** Whether a reader's 5xx is its own trouble (overloaded, crashed, stalled), worth another reader. */
async function worthRetrying(answer: Response): Promise<boolean> {
  const json = (await answer.clone().json().catch(() => undefined)) as { errors?: { extensions?: { code?: unknown } }[]; error?: { code?: unknown } } | undefined;
  const code = json?.errors?.[0]?.extensions?.code ?? json?.error?.code;
  return !(typeof code === "string" && SAME_ON_EVERY_READER.has(code));
}

export async function startReadProxy(options: ReadProxyOptions): Promise<ReadProxy> {
  const { healthIntervalMs = 500, attemptTimeoutMs = 10_000, maxBodyBytes = 256 * 1024, headersTimeoutMs = 10_000, requestTimeoutMs = 30_000 } = options;
  if (options.upstreams.length === 0) throw new Error("startReadProxy: give at least one reader URL");
  const upstreams: Upstream[] = options.upstreams.map((url) => ({ url: url.replace(/\/+$/, ""), ready: true }));
  let next = 0;

  const checkReady = async (upstream: Upstream) => {
    upstream.ready = await fetch(`${upstream.url}/ready`, { signal: AbortSignal.timeout(Math.max(healthIntervalMs, 1_000)) }).then(
      async (response) => {
        await response.body?.cancel();
        return response.ok;
      },
      () => false,
    );
  };
  const timer = setInterval(() => upstreams.forEach((u) => void checkReady(u)), healthIntervalMs);
  timer.unref();

  /**
   * The readers to try, in order: the ready ones from the next in turn, then the others (a reader
   * whose /ready said no may still answer; with none ready, asking beats refusing).
   */
  const order = (): Upstream[] => {
    const start = next++ % upstreams.length;
    const turn = [...upstreams.slice(start), ...upstreams.slice(0, start)];
    return [...turn.filter((u) => u.ready), ...turn.filter((u) => !u.ready)];
  };

  const app = new Hono();
  app.use(
    "*",
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => c.json({ error: { code: "BODY_TOO_LARGE", message: `The body must be at most ${maxBodyBytes} bytes.` } }, 413, { connection: "close" }),
    }),
  );
  app.all("*", async (c) => {
    const request = c.req.raw;
    const { pathname, search } = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    const retry = isIdempotent(request.method, pathname, c.req.header("content-type"), body);
    // Live only for a subscription (operation.ts): a query asked as a stream still gets the attempt timeout.
    let live = false;
    if (c.req.header("accept")?.includes("text/event-stream")) {
      const { query, operationName } = await operationOf(new Request(request.url, { method: request.method, headers: request.headers, body }));
      live = isSubscription(query, operationName);
    }
    const headers = new Headers(request.headers);
    headers.delete("host");
    headers.set("x-forwarded-for", getConnInfo(c).remote.address ?? "unknown");
    headers.set("x-forwarded-host", c.req.header("host") ?? "");
    headers.set("x-forwarded-proto", new URL(request.url).protocol.slice(0, -1));
    let failed: Response | undefined;
    const tried: string[] = [];
    for (const upstream of retry ? order() : order().slice(0, 1)) {
      tried.push(upstream.url);
      // One attempt's time for an answer; a subscription's stream, once its headers came, lasts as long as its client.
      const attempt = new AbortController();
      const timer = setTimeout(() => attempt.abort(new Error(`${upstream.url} did not answer within ${attemptTimeoutMs} ms`)), attemptTimeoutMs);
      const signal = AbortSignal.any([request.signal, attempt.signal]);
      try {
        const response = await proxy(`${upstream.url}${pathname}${search}`, { raw: new Request(request.url, { method: request.method, headers, body, signal }) });
        response.headers.set(READER_HEADER, upstream.url);
        if (live && response.status < 500) return response;
        // Read to the end here: a reader that dies mid-answer is retried, not passed on truncated.
        const answer = new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers });
        if (answer.status < 500 || !retry || !(await worthRetrying(answer))) return answer;
        failed = answer;
      } catch (error) {
        if (request.signal.aborted) throw error;
        upstream.ready = false; // until its next /ready says otherwise
      } finally {
        clearTimeout(timer); // an answer was read whole by now, or a stream's headers came
      }
    }
    // Every reader failed: the last one's own answer says why, if it gave one.
    if (failed) return failed;
    const message = `No read replica answered (${tried.join(", ")}). Retry in ${RETRY_AFTER_SECONDS} s.`;
    const answer = pathname === "/graphql" ? { errors: [{ message, extensions: { code: "NO_READER" } }] } : { error: { code: "NO_READER", message } };
    return c.json(answer, 503, { "retry-after": String(RETRY_AFTER_SECONDS) });
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname: options.hostname ?? "127.0.0.1",
        port: options.port ?? 0,
        // Node checks both timeouts every connectionsCheckingInterval (30 s by default): as often as the shorter one.
        serverOptions: { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(headersTimeoutMs, 1_000) },
      },
      () => resolve(s),
    );
  });
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  await Promise.all(upstreams.map(checkReady));
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    health: () => upstreams.map(({ url, ready }) => ({ url, ready })),
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
