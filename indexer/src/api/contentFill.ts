// The background fill: bodies uploaded to another indexer (or pinned on a gateway) reach this one
// without anybody reading them here first, so this indexer can serve them when that one is gone.
// Every few seconds it walks a bounded batch of the digests the chain records, from a cursor kept
// in memory (a restart walks everything again, which costs one store lookup per body), and asks the
// peers for those missing, one at a time. Off without peers.
//
// - Posts are walked by ordinal and the cursor follows the tail: a new post is looked at within a
//   tick of being indexed. Its body is usually uploaded just after that (the upload needs the post
//   indexed), so a digest no peer has yet is asked again later, sooner first (2 s, 4 s, 8 s ... up
//   to 5 min), and given up after RETRY_ATTEMPTS (a read still asks the peers).
// - Profiles are walked by id, all of them again every PROFILE_PASS_MS: a profile's metadata
//   document changes in place, with no ordinal to follow.
// A post indexed below the cursor (a reorg that re-orders blocks the fill has passed) is fetched
// when read, or on the next start. Retries take at most half of a tick's fetches. A store shared
// by several indexers (KITH_CONTENT_STORE=postgres: a writer and its readers) is filled by one of
// them at a time (bodyStore.fills).
import { bodyStore, contentPeers, fetchBody } from "./content";
import { oncePerProcess } from "./oncePerProcess";
import { API_SETTINGS } from "./settings";
import { referencedDigestsAfter } from "./store";

/** Digests read per tick and table: each costs one store lookup. */
const WALK_BATCH = 256;
/** Peer fetches per tick, one after another: at most this many peers' timeouts per tick. */
const FETCHES_PER_TICK = 16;
/**
 * Of those, what retries may take: the walk keeps the rest, so digests no peer will ever have
 * (posts whose bodies were never uploaded anywhere) cannot keep new posts' bodies waiting.
 */
const RETRY_FETCHES_PER_TICK = FETCHES_PER_TICK / 2;
const PROFILE_PASS_MS = 60_000;
const RETRY_ATTEMPTS = 16;
const RETRY_MAX_MS = 5 * 60_000;
/** Digests waiting for a retry; past this the oldest are forgotten (a read or a restart finds them again). */
const RETRY_ENTRIES = 10_000;

const cursor = { post: -1n, profile: -1n };
let nextProfilePass = 0;
const retries = new Map<`0x${string}`, { attempts: number; dueAt: number }>();

function scheduleRetry(digest: `0x${string}`, now: number): void {
  const attempts = (retries.get(digest)?.attempts ?? 0) + 1;
  retries.delete(digest); // re-inserted last: the map stays ordered oldest first
  if (attempts > RETRY_ATTEMPTS) return;
  if (retries.size >= RETRY_ENTRIES) retries.delete(retries.keys().next().value!);
  retries.set(digest, { attempts, dueAt: now + Math.min(1_000 * 2 ** attempts, RETRY_MAX_MS) });
}

/** One tick; true when a walk read a full batch (more to walk: the next tick comes sooner). */
async function fill(): Promise<boolean> {
  if (!(await bodyStore.fills())) return false;
  const now = Date.now();
  const posts = await referencedDigestsAfter("post", cursor.post, WALK_BATCH);
  const profiles = now >= nextProfilePass ? await referencedDigestsAfter("profile", cursor.profile, WALK_BATCH) : [];
  const due = [...retries].filter(([, retry]) => retry.dueAt <= now).map(([digest]) => digest);
  const walked = [...posts, ...profiles].map((row) => row.digest).filter((digest) => !retries.has(digest));
  const missing = new Set(await bodyStore.missing([...new Set([...due, ...walked])]));
  for (const digest of due) if (!missing.has(digest)) retries.delete(digest);

  // Fetch at most FETCHES_PER_TICK; a walk's cursor stops before the first digest it could not
  // fetch this tick, so the next tick starts there.
  let fetches = 0;
  const fetchOrDefer = async (digest: `0x${string}`): Promise<boolean> => {
    if (!missing.has(digest)) return true;
    if (fetches >= FETCHES_PER_TICK) return false;
    fetches += 1;
    missing.delete(digest); // a digest both due and walked is fetched once
    if (await fetchBody(digest)) retries.delete(digest);
    else scheduleRetry(digest, Date.now());
    return true;
  };
  // A due retry left over is still due at the next tick.
  for (const digest of due) if (fetches < RETRY_FETCHES_PER_TICK) await fetchOrDefer(digest);
  /** Walks `rows` from the cursor; true when more remain (deferred, or a full batch). */
  const walk = async (source: "post" | "profile", rows: typeof posts) => {
    for (const row of rows) {
      if (!retries.has(row.digest) && !(await fetchOrDefer(row.digest))) return true;
      cursor[source] = row.position;
    }
    if (source === "profile" && now >= nextProfilePass && rows.length < WALK_BATCH) {
      cursor.profile = -1n; // the pass is done: the next starts over in PROFILE_PASS_MS
      nextProfilePass = Date.now() + PROFILE_PASS_MS;
    }
    return rows.length === WALK_BATCH;
  };
  const morePosts = await walk("post", posts);
  const moreProfiles = await walk("profile", profiles);
  return morePosts || moreProfiles;
}

/** Starts the fill (once per process: `ponder dev` evaluates this module again on every change). */
export function fillFromPeers(): void {
  const interval = API_SETTINGS.contentFillIntervalMs;
  if (contentPeers.length === 0 || interval === 0 || !oncePerProcess("contentFill")) return;
  const tick = () => {
    // A database or store that does not answer (tables not created yet at start) waits for the next tick.
    void fill()
      .catch(() => false)
      .then((more) => setTimeout(tick, more ? Math.min(interval, 250) : interval).unref());
  };
  setTimeout(tick, interval).unref();
}
