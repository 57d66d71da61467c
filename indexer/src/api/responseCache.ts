// Answers to GraphQL queries, kept for as long as the database has not changed: a repeated query
// (the same text, variables and headers) is answered from memory, without GraphQL or SQL, and
// exactly as it would be answered afresh.
//
// "Not changed" is the database's own word, not a guess from blocks: the snapshot
// (pg_current_snapshot(): the next transaction id and those still running) stays the same text
// until some transaction of the database commits or starts writing, and never comes back. An
// answer is kept only when the snapshot read before it was computed is the one read after (no
// commit could have changed what its statements saw), and given only when a snapshot read after
// the request arrived is still that one. Ponder writes each indexed block, and each reorg's undo,
// in a transaction: either moves the snapshot, so no block, delete, follow, block or label can be
// missed, on PGlite as on Postgres, in the writer as in a read replica. Any other write to the
// database (another app, the Postgres body store) empties the cache too, which costs only speed;
// so does Ponder's own heartbeat (a write to _ponder_meta every 10 s, not configurable): on a
// still chain an answer is kept 10 s at most.
//
// What the database does not hold is never kept: an answer with errors, `_meta` (the chain's head
// comes from the RPC), and any answer in which the body store failed (UNAVAILABLE). Bodies and
// metadata documents come to the file store without a transaction, so an answer showing one
// NOT_UPLOADED is kept only while no body arrived in this process since it started (an upload, a
// peer's copy: content.ts counts them), and never past the time this process would look for that
// body again (a body another indexer put in a shared store shows no later than it did without the
// cache). Each answer's extensions.kith is made afresh (lag, staleness) and says `cached: true`
// with 0 statements; it is kept for the indexed block it was computed at only.
import { sql } from "drizzle-orm";

import { contentArrivals } from "./content";
import type { Freshness } from "./freshness";
import { API_SETTINGS } from "./settings";
import { execute, type RequestScope } from "./sql";

/** One read of the database's snapshot; `seq` orders the reads of this process. */
export interface Snapshot {
  seq: number;
  text: string;
}

let seq = 0;
let sending: Promise<Snapshot> | undefined;
let waiting: Promise<Snapshot> | undefined;

/** Each read is sent once the one before it is answered: reads come back in the order they are sent. */
async function readOnce(): Promise<Snapshot> {
  const rows = await execute(sql`SELECT pg_current_snapshot()::text AS s`);
  const snapshot = { seq: ++seq, text: String(rows[0]!.s) };
  cache.observe(snapshot);
  return snapshot;
}

/**
 * A snapshot read that starts after this call: callers that come while one read is on its way
 * share the next one (one statement for all of them, however many requests arrive at once).
 */
export function currentSnapshot(): Promise<Snapshot> {
  if (!sending) {
    sending = readOnce().finally(() => {
      sending = undefined;
    });
    return sending;
  }
  waiting ??= sending
    .catch(() => undefined)
    .then(() => {
      waiting = undefined;
      return currentSnapshot();
    });
  return waiting;
}

interface Entry {
  /** The snapshot and the indexed block the answer was computed at. */
  snapshot: string;
  indexedBlock: bigint | null;
  contentType: string;
  /** JSON of the answer's `data`. */
  data: string;
  bytes: number;
  /** For an answer showing a body NOT_UPLOADED: the arrivals it was computed under, and until when its misses stand. */
  misses?: { arrivals: number; until: number };
}

/** Whether the NOT_UPLOADED bodies of an answer may still be shown (no body arrived, no miss expired). */
function missesStand(misses: Entry["misses"]): boolean {
  return misses === undefined || (misses.arrivals === contentArrivals() && Date.now() < misses.until);
}

/** What to keep an answer under: its method, the headers yoga answers by, and its text. */
export function cacheKey(request: Request, body: Uint8Array | undefined): string {
  const h = request.headers;
  const text = request.method === "GET" ? new URL(request.url).search : body ? Buffer.from(body).toString("utf8") : "";
  return `${request.method}\n${h.get("accept") ?? ""}\n${h.get("content-type") ?? ""}\n${text}`;
}

/** Answers under one snapshot, least recently used first; at most maxBytes of them (keys included). */
class ResponseCache {
  private snapshot: Snapshot | undefined;
  private entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** Every read snapshot passes here: a newer, different one empties the cache. */
  observe(snapshot: Snapshot): void {
    if (this.snapshot && snapshot.seq < this.snapshot.seq) return;
    if (this.snapshot?.text !== snapshot.text) this.clear();
    this.snapshot = snapshot;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The answer to `key` if `snapshot` (read after the request came) is still the one it was computed at. */
  get(key: string, snapshot: Snapshot, f: Freshness | null): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.snapshot !== snapshot.text || entry.indexedBlock !== (f?.indexedBlock ?? null)) return undefined;
    if (!missesStand(entry.misses)) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Keeps an answer computed between the reads `before` and `after` when nothing committed in
   * between and `after` is still the newest snapshot seen.
   */
  set(key: string, before: Snapshot, after: Snapshot, scope: RequestScope, contentType: string, data: string): void {
    if (before.text !== after.text || this.snapshot?.text !== after.text) return;
    const misses = scope.missesUntil === undefined ? undefined : { arrivals: scope.arrivals ?? -1, until: scope.missesUntil };
    if (!missesStand(misses)) return;
    const bytes = 2 * (key.length + data.length) + 200;
    if (bytes > this.maxBytes / 4) return;
    this.delete(key);
    const f = scope.freshness ?? null;
    this.entries.set(key, { snapshot: after.text, indexedBlock: f?.indexedBlock ?? null, contentType, data, bytes, misses });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

export const cache = new ResponseCache(API_SETTINGS.cacheBytes);
