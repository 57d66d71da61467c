// HTTP API of the indexer: one GraphQL endpoint at /graphql and the content endpoints (content.ts).
// Ponder serves /health, /ready, /status and /metrics next to them.
import { createYoga, type Plugin, useExecutionCancellation } from "graphql-yoga";
import { Hono } from "hono";

import { Admission, admitted, requestDeadline } from "./admission";
import { browserRoutes } from "./browser";
import { announceContent, contentArrivals, contentRoutes } from "./content";
import { fillFromPeers } from "./contentFill";
import { exitWhenDatabaseIsLost } from "./databaseWatch";
import { exitOnAbandonedFork } from "./finality";
import { freshness, freshnessOrLast, kithExtension, lastFreshness } from "./freshness";
import { graphqlBodyLimit, refusal, utf8Request, withJsonRefusal } from "./http";
import { internalError } from "./internalError";
import { queryLimits } from "./limits";
import { withLiveSubscriptions } from "./live";
import { isSubscription, operationOf } from "./operation";
import { answerReadiness } from "./probes";
import { cache, cacheKey, currentSnapshot, type Snapshot } from "./responseCache";
import { type GraphQLContext, schema } from "./schema";
import { API_SETTINGS, RETRY_AFTER_SECONDS } from "./settings";
import { DATABASE_UNAVAILABLE, databaseUnavailable, limitStatementTime, type RequestScope } from "./sql";
import { createLoaders } from "./store";

/** What each request brings to yoga (and yoga's context keeps). */
interface ServerContext {
  scope: RequestScope;
}

/**
 * Every response says which block it reflects (`extensions.kith`, see freshness.ts), refusals
 * too: those that come before execution (parse, limits, validation) never read the freshness, so
 * it is read here (at most every 200 ms; the last value read if the database does not answer).
 * When the database could not answer, the response is that one error (HTTP 503, Retry-After), not
 * a page of nulls with one error per field.
 */
const kithExtensions: Plugin<GraphQLContext, ServerContext> = {
  async onResultProcess({ result, setResult, serverContext }) {
    if (Array.isArray(result) || Symbol.asyncIterator in result) return;
    const { scope } = serverContext;
    const unavailable = result.errors?.some((error) => error.extensions?.code === DATABASE_UNAVAILABLE);
    const f = scope.freshness !== undefined ? scope.freshness : await freshnessOrLast();
    const answer = unavailable ? { errors: [databaseUnavailable()] } : result;
    if (scope.keep && !result.errors?.length && result.data) scope.data = JSON.stringify(result.data);
    setResult({ ...answer, extensions: { ...answer.extensions, kith: kithExtension(f, scope.statements) } });
  },
};

const yoga = createYoga<ServerContext, GraphQLContext>({
  schema: withLiveSubscriptions(schema),
  graphqlEndpoint: "/graphql",
  landingPage: false,
  // Unexpected errors reach clients as "Unexpected error." only; KITH_GRAPHQL_DEBUG=1 adds details.
  maskedErrors: process.env.KITH_GRAPHQL_DEBUG === "1" ? { isDev: true } : { isDev: false },
  // A database that does not answer here ends the request as DATABASE_UNAVAILABLE (sql.ts).
  context: async ({ scope }) => {
    scope.freshness = await freshness();
    return { scope, loaders: createLoaders(scope), freshness: scope.freshness };
  },
  // A request past its deadline stops resolving fields (and sql.ts starts no statement for it).
  plugins: [useExecutionCancellation(), ...queryLimits, kithExtensions],
});

const admission = new Admission({ concurrency: API_SETTINGS.maxConcurrency, queue: API_SETTINGS.maxQueue });
limitStatementTime(API_SETTINGS.deadlineMs);
const retryAfter = { "retry-after": String(RETRY_AFTER_SECONDS) };

/** `promise`, or undefined once `signal` aborts or it fails. */
function until<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  const aborted = new Promise<undefined>((resolve) => signal.addEventListener("abort", () => resolve(undefined), { once: true }));
  return Promise.race([promise.catch(() => undefined), aborted]);
}

/**
 * The kept answer to `key`, when the database has not changed since it was computed (read after
 * the request came: responseCache.ts). Costs no admission slot: one statement for all requests
 * waiting at once, and no GraphQL.
 */
async function keptAnswer(key: string, signal: AbortSignal): Promise<Response | undefined> {
  const snapshot = await until(currentSnapshot(), signal);
  if (!snapshot) return undefined;
  const f = await freshness().catch(() => undefined);
  if (f === undefined) return undefined;
  const entry = cache.get(key, snapshot, f);
  if (!entry) return undefined;
  const extensions = JSON.stringify({ kith: kithExtension(f, 0, true) });
  return new Response(`{"data":${entry.data},"extensions":${extensions}}`, { status: 200, headers: { "content-type": entry.contentType } });
}

/** Keeps the answer computed since `before` once a snapshot read after it shows nothing committed; settles when it is kept or not. */
function keep(key: string, before: Snapshot, scope: RequestScope, response: Response): Promise<void> {
  const { data } = scope;
  const contentType = response.headers.get("content-type");
  if (data === undefined || response.status !== 200 || !contentType?.includes("json")) return Promise.resolve();
  return currentSnapshot().then((after) => cache.set(key, before, after, scope, contentType, data), () => {});
}

/**
 * The answers being computed now, by cache key, each settling once it is kept (or not). A request
 * for one of them waits for it (no admission slot, at most its deadline) and then asks the cache
 * like any other: so when a block ends every kept answer, a query that many clients repeat is
 * computed once, not once per client arriving before the first finished (each of which would take
 * a slot, and past the slots and the queue get a 503). Waiting changes no answer: the kept one is
 * given only if a snapshot read after this request arrived is still the one it was computed under.
 */
const computing = new Map<string, Promise<void>>();

answerReadiness();
// Only a process that indexes (`ponder start`, `ponder dev`) writes: `ponder serve` stays up.
const indexes = process.argv.includes("start") || process.argv.includes("dev");
if (indexes) exitOnAbandonedFork();
if (process.env.DATABASE_URL && indexes) exitWhenDatabaseIsLost(process.env.DATABASE_URL);

const app = new Hono();
app.onError(internalError());
browserRoutes(app);
app.use("/graphql", graphqlBodyLimit(freshnessOrLast));
app.on(["GET", "POST"], "/graphql", async (c) => {
  const signal = requestDeadline(c.req.raw);
  // The body (at most maxBodyBytes) is read before a slot is taken: a client sending slowly holds
  // a socket, never a slot.
  const checked = await utf8Request(c, signal, freshnessOrLast);
  if ("refused" in checked) return checked.refused;
  // A live subscription (SSE) lasts as long as its client: no deadline and no admission slot (it
  // would hold one for ever); live.ts caps how many run at once (KITH_MAX_SUBSCRIPTIONS). Only a
  // subscription is: a query asked with Accept: text/event-stream gets a slot and the deadline.
  if (c.req.header("accept")?.includes("text/event-stream")) {
    const { query, operationName } = await operationOf(checked.request);
    if (isSubscription(query, operationName)) return yoga.fetch(checked.request, { scope: { statements: 0, signal: c.req.raw.signal } });
  }
  const key = cache.enabled ? cacheKey(checked.request, checked.body) : undefined;
  if (key !== undefined) {
    const pending = computing.get(key);
    if (pending) await until(pending, signal);
    if (cache.has(key)) {
      const kept = await keptAnswer(key, signal);
      if (kept) return kept;
    }
  }
  // Taken before waiting for a slot: requests for this key that arrive meanwhile wait for this one.
  let settled = () => {};
  if (key !== undefined && !computing.has(key)) {
    const done = new Promise<void>((resolve) => (settled = resolve)).finally(() => computing.delete(key));
    computing.set(key, done);
  }
  let keeping: Promise<void> | undefined;
  const outcome = await admitted(admission, signal, async () => {
    // Read before any statement of the request, so that an answer is kept only for the snapshot its
    // statements saw (responseCache.ts).
    const before = key !== undefined ? await until(currentSnapshot(), signal) : undefined;
    const scope: RequestScope = { statements: 0, signal, keep: before !== undefined, arrivals: contentArrivals() };
    const response = await yoga.fetch(checked.request, { scope });
    if (before) keeping = keep(key!, before, scope, response);
    return withJsonRefusal(response, freshnessOrLast);
  }).finally(() => void (keeping ?? Promise.resolve()).then(settled));
  if (outcome === "overloaded") {
    // Refused before any work: not even the freshness is read.
    return refusal(lastFreshness(), 503, "OVERLOADED", `The API is answering as many requests as it can. Retry in ${RETRY_AFTER_SECONDS} s.`, retryAfter);
  }
  if (outcome === "expired") {
    return refusal(
      lastFreshness(),
      503,
      "DEADLINE_EXCEEDED",
      `The request took longer than ${API_SETTINGS.deadlineMs} ms and was stopped. Ask for less (smaller pages, fewer nested lists), or retry in ${RETRY_AFTER_SECONDS} s.`,
      retryAfter,
    );
  }
  return outcome;
});
app.all("/graphql", async (c) => refusal(await freshnessOrLast(), 405, "METHOD_NOT_ALLOWED", `Use GET or POST, not ${c.req.method}.`, { allow: "GET, POST" }));
contentRoutes(app);
announceContent();
fillFromPeers();

export default app;
