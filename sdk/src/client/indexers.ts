// Several indexers behind one client, in the manner of viem's `fallback` transport with `rank`:
// every read goes to the freshest healthy indexer (the highest indexedBlock it reported), and on a
// failure of the indexer's making (network error, timeout, 5xx, 503 not ready, 429, an answer that
// is not JSON) the same query goes to the next one, within a total deadline. A failure of the
// caller's making (4xx, a GraphQL validation error) is not retried elsewhere: another indexer would
// refuse it too.
//
// Within one client, reads never go back in time: an answer reflecting an older block than one
// already served (or than a block waitForIndexed saw indexed) is discarded and asked of another
// indexer, or asked again once the indexer has caught up.
//
// Health is learnt from the answers themselves (`extensions.kith.indexedBlock`) and from probes
// (`GET /ready`, then `_meta { indexedBlock }`): at most one probe in flight per indexer, at most
// one per `rank.interval` while the client is in use (no timers: an idle client costs nothing), and
// an indexer that failed is probed, not read from, once its back-off (or its Retry-After) is over.
import { GraphQLRequestError } from "../graphql.ts";
import { originOf, retryAfterMs } from "../http.ts";
import { DOCUMENTS } from "./documents.ts";
import { KithClientError } from "./errors.ts";

/** How a client with several indexers reads from them (names as in viem's `fallback` and `http` transports). */
export interface IndexerFallbackConfig {
  /** Time one request to one indexer may take (ms, default 10,000). */
  timeout?: number;
  /** How many more rounds over the indexers a read makes after the first one failed (default 5). */
  retryCount?: number;
  /** Delay before the second round (ms, default 200); it doubles each round, up to 2,000. */
  retryDelay?: number;
  /** Time a read may take in all, across indexers and rounds (ms, default 15,000). */
  deadline?: number;
  /**
   * Re-ranks the indexers by indexedBlock: each one not read from lately is probed at most every
   * `interval` ms (default 4,000) while the client is in use. `false`: rank by the answers only.
   */
  rank?: boolean | { interval?: number };
  /** Called after every request to an indexer: which one answered what (for logs and metrics). */
  onResponse?: (response: IndexerResponse) => void;
}

/** One request to one indexer, as `onResponse` reports it. */
export interface IndexerResponse {
  /** The indexer's origin, e.g. http://127.0.0.1:42069. */
  url: string;
  /** The GraphQL operation, or `probe`. */
  operation: string;
  /** `success`: served; `error`: failed over; `behind`: answered from a block older than the client has seen. */
  status: "success" | "error" | "behind";
  indexedBlock?: bigint;
  error?: Error;
}

/** An indexer as the client sees it. */
export interface IndexerStatus {
  url: string;
  healthy: boolean;
  /** The last block it reported indexed; undefined until it answered once. */
  indexedBlock?: bigint;
  /** Why it is not healthy. */
  lastError?: Error;
}

interface Indexer {
  url: string;
  graphqlUrl: string;
  healthy: boolean;
  indexedBlock?: bigint;
  failures: number;
  /** A failed indexer is not probed before this time (ms). */
  retryAt: number;
  probedAt: number;
  probing?: Promise<void>;
  lastError?: Error;
}

/** A failure of the indexer's making: the same request may succeed on another. */
class IndexerUnavailable extends Error {
  readonly retryAfterMs?: number;

  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.name = "IndexerUnavailable";
    this.retryAfterMs = retryAfterMs;
  }
}

const MAX_BACKOFF_MS = 30_000;
const MAX_RETRY_DELAY_MS = 2_000;

/** `http://host:port`, `http://host:port/` and `http://host:port/graphql` all name the same indexer. */
function endpoints(url: string): { url: string; graphqlUrl: string } {
  const parsed = new URL(url);
  const origin = originOf(url);
  const graphqlUrl = parsed.pathname === "/" ? `${origin}/graphql` : parsed.href;
  return { url: origin, graphqlUrl };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface GraphQLAnswer<Result> {
  data?: Result;
  errors?: GraphQLRequestError["errors"];
  extensions?: { kith?: { indexedBlock?: string | null; stalled?: boolean | null } };
}

export type IndexerPool = ReturnType<typeof createIndexerPool>;

/** The indexers of one client; `urls` in order of preference when they are equally fresh. */
export function createIndexerPool(urls: readonly string[], config: IndexerFallbackConfig = {}) {
  if (urls.length === 0) throw new KithClientError("no_indexer", "the client needs at least one indexer: pass graphqlUrl or indexerUrls");
  const indexers: Indexer[] = urls.map((url) => ({ ...endpoints(url), healthy: true, failures: 0, retryAt: 0, probedAt: 0 }));
  if (new Set(indexers.map((i) => i.url)).size !== indexers.length) {
    throw new KithClientError("no_indexer", `indexerUrls names an indexer twice: ${urls.join(", ")}`);
  }
  const { timeout = 10_000, retryCount = 5, retryDelay = 200, deadline = 15_000, onResponse = () => {} } = config;
  const rankInterval = config.rank === false ? undefined : ((typeof config.rank === "object" ? config.rank.interval : undefined) ?? 4_000);
  /** The newest block an answer of this client reflected: no later answer may be older. */
  let floor = -1n;

  const report = (indexer: Indexer, operation: string, status: IndexerResponse["status"], indexedBlock?: bigint, error?: Error) =>
    onResponse({ url: indexer.url, operation, status, indexedBlock, error });

  function markHealthy(indexer: Indexer, indexedBlock: bigint | undefined) {
    indexer.healthy = true;
    indexer.failures = 0;
    indexer.lastError = undefined;
    if (indexedBlock !== undefined && (indexer.indexedBlock === undefined || indexedBlock > indexer.indexedBlock)) indexer.indexedBlock = indexedBlock;
  }

  function markFailed(indexer: Indexer, error: Error) {
    indexer.healthy = false;
    indexer.failures += 1;
    indexer.lastError = error;
    const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (indexer.failures - 1));
    indexer.retryAt = Date.now() + ((error as IndexerUnavailable).retryAfterMs ?? backoff);
  }

  /** fetch with the per-request timeout; a network error or timeout is the indexer's. */
  async function fetchFrom(url: string, init: RequestInit): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      return await fetch(url, { ...init, signal: controller.signal });
    } catch (error) {
      throw new IndexerUnavailable(controller.signal.aborted ? `${url} did not answer in ${timeout} ms` : `${url}: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One GraphQL request to one indexer: the answer, or IndexerUnavailable, or the caller's GraphQLRequestError. */
  async function post<Result>(indexer: Indexer, name: keyof typeof DOCUMENTS, variables: object): Promise<{ data: Result; indexedBlock?: bigint }> {
    const response = await fetchFrom(indexer.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query: DOCUMENTS[name], operationName: name, variables }),
    });
    const unavailable = response.status === 408 || response.status === 429 || response.status >= 500;
    let json: GraphQLAnswer<Result>;
    try {
      json = (await response.json()) as GraphQLAnswer<Result>;
    } catch {
      // Not a GraphQL answer at all (a proxy's error page, a wrong path): this indexer's problem.
      throw new IndexerUnavailable(`${indexer.graphqlUrl} answered ${response.status} without JSON`, retryAfterMs(response));
    }
    if (unavailable) {
      const message = json.errors?.map((e) => e.message).join("; ") || `answered ${response.status}`;
      throw new IndexerUnavailable(`${indexer.graphqlUrl}: ${message}`, retryAfterMs(response));
    }
    if (json.errors?.length) throw new GraphQLRequestError(json.errors);
    if (!response.ok) throw new GraphQLRequestError([{ message: `${indexer.graphqlUrl} answered ${response.status}`, extensions: { http: { status: response.status } } }]);
    if (json.extensions?.kith?.stalled) throw new IndexerUnavailable(`${indexer.url} is stalled at block ${json.extensions.kith.indexedBlock}`);
    const meta = (json.data as { _meta?: { indexedBlock?: string | null } } | undefined)?._meta;
    const block = json.extensions?.kith?.indexedBlock ?? meta?.indexedBlock;
    return { data: json.data as Result, indexedBlock: block == null ? undefined : BigInt(block) };
  }

  /** GET /ready, then the indexed block: one at a time per indexer. */
  function probe(indexer: Indexer): Promise<void> {
    indexer.probing ??= (async () => {
      indexer.probedAt = Date.now();
      try {
        const ready = await fetchFrom(`${indexer.url}/ready`, { method: "GET" });
        // No /ready (a proxy that does not route it) says nothing: the GraphQL answer decides.
        if (!ready.ok && ready.status !== 404) throw new IndexerUnavailable(`${indexer.url}/ready answered ${ready.status}`, retryAfterMs(ready));
        const { indexedBlock } = await post(indexer, "Meta", {});
        markHealthy(indexer, indexedBlock);
        report(indexer, "probe", "success", indexedBlock);
      } catch (error) {
        markFailed(indexer, error as Error);
        report(indexer, "probe", "error", undefined, error as Error);
      }
    })().finally(() => {
      indexer.probing = undefined;
    });
    return indexer.probing;
  }

  /** Starts the probes that are due (never awaited by a read that has a healthy indexer). */
  function probeDue(now: number) {
    for (const indexer of indexers) {
      if (indexer.probing) continue;
      if (!indexer.healthy ? now >= indexer.retryAt : rankInterval !== undefined && now - indexer.probedAt >= rankInterval) void probe(indexer);
    }
  }

  /** The healthy indexers, freshest first; equally fresh ones in the order given. */
  function ranked(): Indexer[] {
    const known = (i: Indexer) => i.indexedBlock ?? -1n;
    return indexers.filter((i) => i.healthy).sort((a, b) => (known(a) === known(b) ? 0 : known(a) > known(b) ? -1 : 1));
  }

  /** With none healthy: waits for the first back-off (or Retry-After) to end before `until`, and for the probes then due. */
  async function awaitRecovery(until: number) {
    const next = Math.min(...indexers.map((i) => i.retryAt));
    if (next > until) return;
    await sleep(Math.max(0, next - Date.now()));
    await Promise.all(indexers.filter((i) => !i.healthy && Date.now() >= i.retryAt).map(probe));
  }

  /**
   * Runs the operation `name` on the freshest healthy indexer, failing over as the module comment
   * says. Throws GraphQLRequestError for the caller's errors, KithClientError `unavailable` when no
   * indexer answered in time.
   */
  async function request<Result>(name: keyof typeof DOCUMENTS, variables: object): Promise<Result> {
    const started = Date.now();
    const failures: string[] = [];
    for (let round = 0; ; round++) {
      probeDue(Date.now());
      for (const indexer of ranked()) {
        if (Date.now() - started > deadline) break;
        try {
          const { data, indexedBlock } = await post<Result>(indexer, name, variables);
          markHealthy(indexer, indexedBlock);
          if (indexedBlock !== undefined && indexedBlock < floor) {
            report(indexer, name, "behind", indexedBlock);
            failures.push(`${indexer.url}: at block ${indexedBlock}, behind block ${floor}`);
            continue;
          }
          if (indexedBlock !== undefined && indexedBlock > floor) floor = indexedBlock;
          report(indexer, name, "success", indexedBlock);
          return data;
        } catch (error) {
          if (!(error instanceof IndexerUnavailable)) throw error;
          markFailed(indexer, error);
          report(indexer, name, "error", undefined, error);
          failures.push(error.message);
        }
      }
      const left = deadline - (Date.now() - started);
      if (round >= retryCount || left <= 0) {
        throw new KithClientError("unavailable", `${name}: no indexer answered (${failures.slice(-indexers.length).join("; ") || "none healthy"})`);
      }
      const delay = Math.min(retryDelay * 2 ** round, MAX_RETRY_DELAY_MS, left);
      if (ranked().length === 0) await awaitRecovery(started + deadline);
      else await sleep(delay);
    }
  }

  /** Tries `task` on each healthy indexer, freshest first, then on the others; the first answer wins. */
  async function any<T>(task: (url: string) => Promise<T>): Promise<T> {
    const order = [...ranked(), ...indexers.filter((i) => !i.healthy)];
    let last: unknown;
    for (const indexer of order) {
      try {
        return await task(indexer.url);
      } catch (error) {
        last = error;
      }
    }
    throw last;
  }

  /** Where a subscription (re)connects: the freshest healthy indexer, else the one that comes back first. */
  function pick(): { url: string; graphqlUrl: string } {
    probeDue(Date.now());
    const best = ranked()[0] ?? [...indexers].sort((a, b) => a.retryAt - b.retryAt)[0]!;
    return { url: best.url, graphqlUrl: best.graphqlUrl };
  }

  return {
    /** The indexers' origins, in the order given. */
    urls: indexers.map((i) => i.url),
    request,
    any,
    pick,
    /** A subscription's connection to `url` failed (network error, 5xx): read elsewhere until a probe says it is back. */
    failed(url: string, error: Error) {
      const indexer = indexers.find((i) => i.url === url);
      if (indexer) markFailed(indexer, error);
    },
    /** `blockNumber` is indexed (waitForIndexed saw it): no later read may reflect an older block. */
    observe(blockNumber: bigint) {
      if (blockNumber > floor) floor = blockNumber;
    },
    status(): IndexerStatus[] {
      return indexers.map(({ url, healthy, indexedBlock, lastError }) => ({ url, healthy, indexedBlock, lastError }));
    },
  };
}
