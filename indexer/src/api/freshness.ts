// Which block the answers reflect, and how far behind the chain that may be: Ponder's checkpoint
// of the last indexed block and of the finalized block, read at most every 200 ms (so it costs no
// statement on most requests), and the chain's head, asked of the RPC every second, in the
// background. With the RPC down, Ponder indexes nothing and the API keeps answering from the
// index: the lag then grows with the time since the head was last seen, and past
// KITH_STALE_AFTER_SECONDS the answers say `stale: true`. When the head moves and the indexed block
// does not for KITH_STALL_AFTER_SECONDS (the indexer is stuck, not the RPC), they say `stalled:
// true` and /ready answers 503 (probes.ts). The checkpoint is read every second in the background
// too, so "did not move for so long" is measured whether or not requests come.
import { post } from "ponder:schema";
import { sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { createPublicClient, http } from "viem";

import { rpcUrl } from "../lib/chain";
import { API_SETTINGS } from "./settings";
import { execute } from "./sql";

export interface Freshness {
  chainId: number;
  indexedBlock: bigint;
  indexedBlockTimestamp: bigint;
  finalizedBlock: bigint;
  /** The chain's latest block as last seen; null until the RPC has answered once. */
  headBlock: bigint | null;
  /** How far behind the chain the answer may be, in seconds (see lagSeconds). */
  lagSeconds: number;
  /** lagSeconds > KITH_STALE_AFTER_SECONDS, or stalled. */
  stale: boolean;
  /** The head is past indexedBlock, and indexedBlock has not moved for KITH_STALL_AFTER_SECONDS. */
  stalled: boolean;
  /** Once stalled: since when (ms) the head has been past indexedBlock without it moving; else null. */
  stalledSince: number | null;
}

const HEAD_INTERVAL_MS = 1_000;
/** Ponder's own RPC client retries for long: this one asks once, and not for longer than a second. */
export const chain = createPublicClient({ transport: http(rpcUrl(), { timeout: HEAD_INTERVAL_MS, retryCount: 0 }) });
const startedAt = Date.now();
let head: { number: bigint; timestamp: bigint; seenAt: number } | undefined;
let headPending: Promise<void> | undefined;

function askHead(): Promise<void> {
  headPending ??= chain
    .getBlock({ blockTag: "latest" })
    .then(
      (block) => {
        head = { number: block.number, timestamp: block.timestamp, seenAt: Date.now() };
      },
      () => {}, // unreachable: the lag grows (see lagSeconds)
    )
    .finally(() => {
      headPending = undefined;
    });
  return headPending;
}
/** The first answers wait for the first look at the head (at most a second), later ones never. */
const firstHead = askHead();
// Every second whether or not requests come, so that "not seen for a while" means the RPC failed.
// One timer per process: `ponder dev` runs this module again on every change.
const timers = globalThis as { kithHeadTimer?: NodeJS.Timeout };
clearInterval(timers.kithHeadTimer);
timers.kithHeadTimer = setInterval(() => {
  void askHead();
  void freshness().catch(() => {}); // a database that does not answer: the next request says so
}, HEAD_INTERVAL_MS).unref();

/**
 * How far behind the chain an answer at `indexed` may be, in seconds: the chain time from the
 * indexed block to the head, plus, when the RPC has not answered three times in a row, the time
 * since it last did (or since the API started): the head may have moved on meanwhile.
 */
function lagSeconds(indexed: { block: bigint; timestamp: bigint }, now: number): number {
  const behind = head && head.number > indexed.block ? Number(head.timestamp - indexed.timestamp) : 0;
  const lastSeen = head?.seenAt ?? startedAt;
  const unseen = now - lastSeen > 3 * HEAD_INTERVAL_MS ? (now - lastSeen) / 1000 : 0;
  return Math.max(0, Math.floor(behind + unseen));
}

const schema = getTableConfig(post).schema ?? "public";
const checkpointTable = sql.raw(`"${schema}"."_ponder_checkpoint"`);
const TTL_MS = 200;
let cached: { value: Freshness | null; at: number } | undefined;
let pending: Promise<Freshness | null> | undefined;
/** The indexed block, and since when the head has been past it without it moving. */
let progress: { block: bigint; behindSince: number | null } | undefined;

/** Ponder checkpoints are digit strings: timestamp (10), chain id (16), block number (16), ... */
function decode(checkpoint: string) {
  return { timestamp: BigInt(checkpoint.slice(0, 10)), blockNumber: BigInt(checkpoint.slice(26, 42)) };
}

async function load(): Promise<Freshness | null> {
  if (!head) await firstHead;
  const rows = (await execute(sql`SELECT chain_id, latest_checkpoint, finalized_checkpoint FROM ${checkpointTable} LIMIT 1`)) as {
    chain_id: string | number;
    latest_checkpoint: string;
    finalized_checkpoint: string;
  }[];
  const row = rows[0];
  if (!row) return null;
  const latest = decode(row.latest_checkpoint);
  const now = Date.now();
  const lag = lagSeconds({ block: latest.blockNumber, timestamp: latest.timestamp }, now);
  const behind = head !== undefined && head.number > latest.blockNumber;
  if (progress?.block !== latest.blockNumber || !behind) progress = { block: latest.blockNumber, behindSince: behind ? now : null };
  else progress.behindSince ??= now;
  const stalled = progress.behindSince !== null && now - progress.behindSince > API_SETTINGS.stallAfterSeconds * 1_000;
  return {
    chainId: Number(row.chain_id),
    indexedBlock: latest.blockNumber,
    indexedBlockTimestamp: latest.timestamp,
    finalizedBlock: decode(row.finalized_checkpoint).blockNumber,
    headBlock: head?.number ?? null,
    lagSeconds: lag,
    stale: stalled || lag > API_SETTINGS.staleAfterSeconds,
    stalled,
    stalledSince: stalled ? progress.behindSince : null,
  };
}

/** The last freshness read (null before the first), for answers that must not wait for it. */
export function lastFreshness(): Freshness | null {
  return cached?.value ?? null;
}

/**
 * `extensions.kith` of every response: which block the answer reflects, how far behind the chain
 * it may be, how many SQL statements it took, and whether it was kept from an earlier request
 * while the database did not change (responseCache.ts; then 0 statements).
 */
export function kithExtension(f: Freshness | null, sqlStatements: number, cached = false) {
  return {
    chainId: f?.chainId ?? null,
    indexedBlock: f ? String(f.indexedBlock) : null,
    indexedBlockTimestamp: f ? String(f.indexedBlockTimestamp) : null,
    finalizedBlock: f ? String(f.finalizedBlock) : null,
    headBlock: f?.headBlock != null ? String(f.headBlock) : null,
    lagSeconds: f?.lagSeconds ?? null,
    stale: f?.stale ?? null,
    stalled: f?.stalled ?? null,
    sqlStatements,
    cached,
  };
}

/** The freshness, read at most `maxAgeMs` ago (200 ms by default: a request costs no extra statement). */
export async function freshness(maxAgeMs = TTL_MS): Promise<Freshness | null> {
  if (cached && Date.now() - cached.at < maxAgeMs) return cached.value;
  pending ??= load().finally(() => {
    pending = undefined;
  });
  const value = await pending;
  cached = { value, at: Date.now() };
  return value;
}

/** The freshness, or the last one read when the database does not answer (for refusals). */
export const freshnessOrLast = (): Promise<Freshness | null> => freshness().catch(() => lastFreshness());

/**
 * "Now" for app keys and labels, as the contracts judge them (`expiry > block.timestamp`): the
 * indexed block's time, not the wall clock, so an answer agrees with the chain at the block it
 * reflects. Before the first block is indexed there is nothing to judge; the wall clock is only a
 * placeholder.
 */
export const chainTime = (f: Freshness | null): bigint => f?.indexedBlockTimestamp ?? BigInt(Math.floor(Date.now() / 1000));
