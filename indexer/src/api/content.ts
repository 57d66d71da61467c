// Post bodies and profile metadata documents, addressed by their sha256 digest (what the chain
// records) or by the IPFS CIDv1 of the same bytes (raw codec, sha2-256). A body is stored only if
// its sha256 is the digest it is uploaded under AND a post or profile on chain records that digest,
// so nobody can fill the store with unreferenced data. The store (bodyStore.ts: files, or a table
// of the indexer's Postgres) is not the index: bodies survive indexer restarts and re-indexing.
// A body this indexer lacks is asked of its peers (peers.ts), again only for referenced digests:
// a hostile client cannot make the indexer fetch anything the chain does not point at.
//
//   PUT /content/0x<digest>   raw body (at most 64 KiB) -> 201 { digest, cid } (200 if already stored)
//   GET /content/0x<digest>   the body (404 when unknown here and at every peer)
//   GET /ipfs/<cid>           the same body by CID (any multibase: bafkrei..., f01551220..., z...)
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { sha256 } from "multiformats/hashes/sha2";

import { Admission, admitted, requestDeadline } from "./admission";
import { bodyStoreFromEnv } from "./bodyStore";
import { cidOf, digestOfCid } from "./cid";
import { oncePerProcess } from "./oncePerProcess";
import { FROM_PEER_HEADER, fetchFromPeers, parsePeers } from "./peers";
import { API_SETTINGS, RETRY_AFTER_SECONDS } from "./settings";
import { isReferenced } from "./store";

export const MAX_CONTENT_BYTES = 64 * 1024;
/** Memory for recently read bodies (least recently used go first); a missing one counts as 64 bytes. */
const CACHE_BYTES = 32 * 1024 * 1024;

/** Where bodies are kept, and who is asked for those missing here: both refuse a bad setting at start. */
export const bodyStore = bodyStoreFromEnv();
export const contentPeers = parsePeers(process.env.KITH_CONTENT_PEERS);
const DIGEST = /^0x[0-9a-f]{64}$/;

/**
 * How long a digest found nowhere is answered 404 without looking again. With peers, a body may
 * reach one of them seconds after its post does, and a shared store may get it from another
 * indexer: a short wait, which still bounds how often a client asking for a missing body makes the
 * peers be asked (once per digest per wait).
 */
const MISSING_RECHECK_MS = contentPeers.length > 0 || bodyStore.shared ? 5_000 : 60_000;

/** Recently read bodies (null: known to be missing, rechecked after MISSING_RECHECK_MS), least recently used first. */
const cache = new Map<string, { body: Uint8Array | null; at: number }>();
let cachedBytes = 0;
const sizeOf = (body: Uint8Array | null) => 64 + (body?.length ?? 0);

function forget(digest: string): void {
  const entry = cache.get(digest);
  if (!entry) return;
  cache.delete(digest);
  cachedBytes -= sizeOf(entry.body);
}

/**
 * Counts the bodies this process learnt of that it may have answered as missing before: every
 * store, and every miss in memory replaced by a body. An answer kept while showing a body
 * NOT_UPLOADED (responseCache.ts) is given again only while this count stays the same.
 */
let arrivals = 0;

/** The count of arrivals so far (see `arrivals`). */
export function contentArrivals(): number {
  return arrivals;
}

/**
 * Until when the miss of `digest` that readContent just answered stands in memory: an answer kept
 * while showing it NOT_UPLOADED must not outlive it, or a body another indexer stored in a shared
 * store (which this process learns of only when it looks again) would stay hidden for as long as
 * the answer stays kept.
 */
export function missStandsUntil(digest: `0x${string}`): number {
  const hit = cache.get(digest);
  return hit && hit.body === null ? hit.at + MISSING_RECHECK_MS : Date.now();
}

function remember(digest: string, body: Uint8Array | null): void {
  if (body && cache.get(digest)?.body === null) arrivals++;
  forget(digest);
  cache.set(digest, { body, at: Date.now() });
  cachedBytes += sizeOf(body);
  while (cachedBytes > CACHE_BYTES) forget(cache.keys().next().value!);
}

/** A cache entry still good to answer from, moved to the most recently used end. */
function cached(digest: string): { body: Uint8Array | null } | undefined {
  const hit = cache.get(digest);
  if (!hit || (hit.body === null && Date.now() - hit.at >= MISSING_RECHECK_MS)) return undefined;
  cache.delete(digest);
  cache.set(digest, hit);
  return hit;
}

/** The body of `digest` if it is in memory (no store read). */
function cachedBody(digest: string): Uint8Array | undefined {
  return cached(digest)?.body ?? undefined;
}

/** Stores a body already checked against its digest (false: it was there) and keeps it in memory: it is read next. */
export async function storeBody(digest: `0x${string}`, body: Uint8Array): Promise<boolean> {
  const stored = await bodyStore.write(digest, body);
  remember(digest, body);
  arrivals++;
  return stored;
}

/**
 * Peer fetches at once (each asks the peers one after another), and how many more may wait; a
 * fetch beyond them is not made (the reader gets a miss and may retry), so a burst of reads of
 * missing bodies costs a bounded number of outgoing requests and sockets.
 */
const peerFetches = new Admission({ concurrency: 4, queue: 64 });
const never = new AbortController().signal;
/** One fetch per digest at a time: concurrent reads of the same missing body share it. */
const fetching = new Map<string, Promise<Uint8Array | null>>();

/** The body of `digest` from the peers, stored once its sha256 checked out; null when none has it. Only for referenced digests. */
export function fetchBody(digest: `0x${string}`): Promise<Uint8Array | null> {
  const inFlight = fetching.get(digest);
  if (inFlight) return inFlight;
  const slot = peerFetches.acquire(never);
  if (!slot) return Promise.resolve(null);
  const fetched = (async () => {
    const release = await slot;
    try {
      const body = await fetchFromPeers(contentPeers, digest, cidOf(digest), MAX_CONTENT_BYTES, (peer, miss) =>
        warn(`content peer ${peer.name} answered ${digest} with ${miss === "too_large" ? `more than ${MAX_CONTENT_BYTES} bytes` : "bytes of another digest"}: not taken`),
      );
      // A store that cannot take it now: the body is still served, and stored on a later read.
      if (body) await storeBody(digest, body).catch((error: Error) => warn(`could not store ${digest} from a peer: ${error.message}`));
      return body;
    } finally {
      release();
      fetching.delete(digest);
    }
  })();
  fetching.set(digest, fetched);
  return fetched;
}

/**
 * The body of `digest`, from the store or else from the peers. `referenced`: the caller read the
 * digest from a post or profile row (else it is checked: peers are never asked for a digest the
 * chain does not record). `waitMs`: answer a miss after that long while the fetch goes on (and
 * stores the body for the next read). `storeOnly`: a peer asks (FROM_PEER_HEADER).
 */
export async function readContent(
  digest: `0x${string}`,
  options: { referenced?: boolean; waitMs?: number; storeOnly?: boolean } = {},
): Promise<Uint8Array | null> {
  const hit = cached(digest);
  if (hit) return hit.body;
  const seen = arrivals;
  let body = await bodyStore.read(digest);
  if (options.storeOnly) return body; // not cached as missing: this indexer's own readers may still fetch it
  if (!body && contentPeers.length > 0 && (options.referenced || (await isReferenced(digest)))) {
    const fetched = fetchBody(digest);
    body = options.waitMs === undefined ? await fetched : await Promise.race([fetched, new Promise<null>((resolve) => setTimeout(resolve, options.waitMs, null))]);
  }
  // A miss read before a body arrived (an upload while the store was read) is not remembered: it
  // would hide the body it missed for MISSING_RECHECK_MS.
  if (body || arrivals === seen) remember(digest, body);
  return body;
}

/** The body as text when it is valid UTF-8, else null (clients can still fetch the bytes). */
export function asText(body: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return null;
  }
}

/** Says where bodies are and who is asked for missing ones, once per process (in Ponder's log). */
export function announceContent(): void {
  if (!oncePerProcess("contentAnnounce")) return;
  const peers = contentPeers.map((peer) => peer.name).join(", ") || "none";
  console.log(JSON.stringify({ level: 30, time: Date.now(), msg: `[kith] bodies: ${bodyStore.description}; peers: ${peers}` }));
}

const error = (code: string, message: string) => ({ error: { code, message } });

/** Says in the log that the body store failed a read (at most once a second: a page asks for up to 100 bodies). */
export function storeFailed(failure: Error): void {
  if (Date.now() - lastStoreWarning < 1_000) return;
  lastStoreWarning = Date.now();
  warn(`content store: ${failure.message}`);
}
let lastStoreWarning = 0;

function warn(message: string): void {
  console.warn(JSON.stringify({ level: 40, time: Date.now(), msg: `[kith] ${message}` }));
}

/**
 * A store or index database that cannot answer now (Postgres restarting, a full disk) is a 503 the
 * client may retry, not a 500, nor a 404 that would say the body does not exist.
 */
async function orUnavailable(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (failure) {
    storeFailed(failure as Error);
    return retryLater("store_unavailable", `bodies cannot be read or stored right now: retry in ${RETRY_AFTER_SECONDS} s`);
  }
}

const retryLater = (code: string, message: string) =>
  Response.json(error(code, message), { status: 503, headers: { "retry-after": String(RETRY_AFTER_SECONDS) } });

/** Store and peer work of /content and /ipfs: a slot, and the deadline from the request's arrival. */
const contentAdmission = new Admission({ concurrency: API_SETTINGS.contentMaxConcurrency, queue: API_SETTINGS.contentMaxQueue });

async function limited(signal: AbortSignal, work: () => Promise<Response>): Promise<Response> {
  const outcome = await admitted(contentAdmission, signal, () => orUnavailable(work));
  if (outcome === "overloaded") return retryLater("overloaded", `the indexer is serving as many bodies as it can: retry in ${RETRY_AFTER_SECONDS} s`);
  if (outcome === "expired") return retryLater("deadline_exceeded", `the body took longer than ${API_SETTINGS.deadlineMs} ms: retry in ${RETRY_AFTER_SECONDS} s`);
  return outcome;
}

export function contentRoutes(app: Hono) {
  // Chunked bodies declare no length: the limit counts what arrives, and stops reading past it.
  app.put(
    "/content/:digest",
    bodyLimit({ maxSize: MAX_CONTENT_BYTES, onError: (c) => c.json(error("too_large", `bodies are at most ${MAX_CONTENT_BYTES} bytes`), 413, { connection: "close" }) }),
  );
  app.put("/content/:digest", async (c) => {
    const signal = requestDeadline(c.req.raw);
    const digest = c.req.param("digest").toLowerCase() as `0x${string}`;
    if (!DIGEST.test(digest)) return c.json(error("invalid_digest", "the digest must be 0x and 64 hex digits"), 400);
    const declared = Number(c.req.header("content-length") ?? 0);
    if (declared > MAX_CONTENT_BYTES) return c.json(error("too_large", `bodies are at most ${MAX_CONTENT_BYTES} bytes`), 413);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.length > MAX_CONTENT_BYTES) return c.json(error("too_large", `bodies are at most ${MAX_CONTENT_BYTES} bytes`), 413);
    const actual = `0x${Buffer.from((await sha256.digest(body)).digest).toString("hex")}`;
    if (actual !== digest) {
      return c.json(error("digest_mismatch", `the body's sha256 is ${actual}, not ${digest}`), 400);
    }
    return limited(signal, async () => {
      if ((await bodyStore.missing([digest])).length === 0) return c.json({ digest, cid: cidOf(digest) }, 200);
      if (!(await isReferenced(digest))) {
        return c.json(error("not_referenced", "no indexed post or profile records this digest yet: publish it on chain first"), 404);
      }
      return c.json({ digest, cid: cidOf(digest) }, (await storeBody(digest, body)) ? 201 : 200);
    });
  });

  const served = (digest: `0x${string}`, body: Uint8Array) =>
    new Response(Buffer.from(body), {
      headers: {
        "content-type": asText(body) === null ? "application/octet-stream" : "text/plain; charset=utf-8",
        "cache-control": "public, max-age=31536000, immutable",
        etag: `"${digest}"`,
      },
    });
  const respond = (digest: `0x${string}`, request: Request) => {
    // A body in memory costs no slot (nor a deadline's timer): only the store and the peers are limited.
    const hit = cachedBody(digest);
    if (hit) return served(digest, hit);
    return limited(requestDeadline(request), async () => {
      const body = await readContent(digest, { storeOnly: request.headers.get(FROM_PEER_HEADER) === "1" });
      return body
        ? served(digest, body)
        : Response.json(error("not_found", contentPeers.length > 0 ? "no body is stored for this digest here or at any peer" : "no body is stored for this digest"), { status: 404 });
    });
  };

  app.get("/content/:digest", async (c) => {
    const digest = c.req.param("digest").toLowerCase();
    if (!DIGEST.test(digest)) return c.json(error("invalid_digest", "the digest must be 0x and 64 hex digits"), 400);
    return respond(digest as `0x${string}`, c.req.raw);
  });

  app.get("/ipfs/:cid", async (c) => {
    const digest = digestOfCid(c.req.param("cid"));
    if (!digest) return c.json(error("invalid_cid", "only CIDv1 with the raw codec and sha2-256 are served"), 400);
    return respond(digest, c.req.raw);
  });
}
