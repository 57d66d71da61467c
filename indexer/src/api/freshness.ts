// Which block the answers reflect: Ponder's checkpoint of the last indexed block and of the
// finalized block, read at most every 200 ms (so it costs no statement on most requests).
import { post } from "ponder:schema";
import { sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";

import { execute } from "./sql";

export interface Freshness {
  chainId: number;
  indexedBlock: bigint;
  indexedBlockTimestamp: bigint;
  finalizedBlock: bigint;
}

const schema = getTableConfig(post).schema ?? "public";
const checkpointTable = sql.raw(`"${schema}"."_ponder_checkpoint"`);
const TTL_MS = 200;
let cached: { value: Freshness | null; at: number } | undefined;
let pending: Promise<Freshness | null> | undefined;

/** Ponder checkpoints are digit strings: timestamp (10), chain id (16), block number (16), ... */
function decode(checkpoint: string) {
  return { timestamp: BigInt(checkpoint.slice(0, 10)), blockNumber: BigInt(checkpoint.slice(26, 42)) };
}

async function load(): Promise<Freshness | null> {
  const rows = (await execute(sql`SELECT chain_id, latest_checkpoint, finalized_checkpoint FROM ${checkpointTable} LIMIT 1`)) as {
    chain_id: string | number;
    latest_checkpoint: string;
    finalized_checkpoint: string;
  }[];
  const row = rows[0];
  if (!row) return null;
  const latest = decode(row.latest_checkpoint);
  return {
    chainId: Number(row.chain_id),
    indexedBlock: latest.blockNumber,
    indexedBlockTimestamp: latest.timestamp,
    finalizedBlock: decode(row.finalized_checkpoint).blockNumber,
  };
}

/** The last freshness read (null before the first), for answers that must not wait for it. */
export function lastFreshness(): Freshness | null {
  return cached?.value ?? null;
}

/**
 * `extensions.kith` of every response: which block the answer reflects and how many SQL
 * statements it took.
 */
export function kithExtension(f: Freshness | null, sqlStatements: number) {
  return {
    chainId: f?.chainId ?? null,
    indexedBlock: f ? String(f.indexedBlock) : null,
    indexedBlockTimestamp: f ? String(f.indexedBlockTimestamp) : null,
    finalizedBlock: f ? String(f.finalizedBlock) : null,
    sqlStatements,
  };
}

export async function freshness(): Promise<Freshness | null> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
  pending ??= load().finally(() => {
    pending = undefined;
  });
  const value = await pending;
  cached = { value, at: Date.now() };
  return value;
}

/** The freshness, or the last one read when the database does not answer (for refusals). */
export const freshnessOrLast = (): Promise<Freshness | null> => freshness().catch(() => lastFreshness());
