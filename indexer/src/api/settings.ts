// The API's settings, from the environment (README: "The indexer's settings"). Read once at start;
// a value that is not a positive whole number stops the indexer with a message naming it.

function setting(name: string, fallback: number, { allowZero = false } = {}): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`${name} must be a whole number${allowZero ? "" : " above 0"}, got "${text}"`);
  }
  return value;
}

export const API_SETTINGS = {
  /** Largest /graphql body: 2,000 tokens of query and their variables fit in a few KiB. */
  maxBodyBytes: setting("KITH_GRAPHQL_MAX_BODY_BYTES", 64 * 1024),
  /**
   * GraphQL requests that run at once; more wait in the queue. About the read-only connections
   * Ponder gives the API (9 of its default 30 on Postgres): more would wait for a connection.
   */
  maxConcurrency: setting("KITH_GRAPHQL_MAX_CONCURRENCY", 8),
  /**
   * GraphQL requests that may wait for a slot; more are refused at once (503 OVERLOADED). As many
   * as run: under overload an accepted request waits about one request's time; a shorter queue
   * leaves slots idle whenever arrivals bunch up (measured: bench/README.md, overload).
   */
  maxQueue: setting("KITH_GRAPHQL_MAX_QUEUE", 8, { allowZero: true }),
  /** How long a GraphQL request may take, queue included (503 DEADLINE_EXCEEDED); a /content or /ipfs request too. */
  deadlineMs: setting("KITH_GRAPHQL_DEADLINE_MS", 5_000),
  /**
   * /content and /ipfs requests that use the body store (or the peers) at once, and how many may
   * wait; more are refused at once (503 overloaded). Reads of the cache take no slot.
   */
  contentMaxConcurrency: setting("KITH_CONTENT_MAX_CONCURRENCY", 16),
  contentMaxQueue: setting("KITH_CONTENT_MAX_QUEUE", 64, { allowZero: true }),
  /** Past this many seconds behind the chain, answers say `stale: true` (freshness.ts). */
  staleAfterSeconds: setting("KITH_STALE_AFTER_SECONDS", 60, { allowZero: true }),
  /**
   * Past this many seconds with the chain's head beyond the indexed block and the indexed block not
   * moving, the index is stalled: answers say `stalled: true` and /ready answers 503 (freshness.ts).
   */
  stallAfterSeconds: setting("KITH_STALL_AFTER_SECONDS", 120),
  /**
   * How often the background fill asks the peers (KITH_CONTENT_PEERS) for referenced bodies this
   * indexer lacks (contentFill.ts); 0 turns it off (bodies then come from peers only when read).
   */
  /**
   * Memory for answers kept until the database changes (responseCache.ts), in bytes; 0 (the
   * default until it is benchmarked on the large data set) turns the cache off. 64 MiB
   * (67108864) holds about 3,000 home feed pages of 20 posts with their bodies.
   */
  cacheBytes: setting("KITH_GRAPHQL_CACHE_BYTES", 0, { allowZero: true }),
  contentFillIntervalMs: setting("KITH_CONTENT_FILL_INTERVAL_MS", 2_000, { allowZero: true }),
} as const;

/** What a 503 asks clients to wait before they retry. */
export const RETRY_AFTER_SECONDS = 1;
