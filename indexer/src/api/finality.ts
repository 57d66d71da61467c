// A reorg deeper than the block Ponder took as final cannot be undone by Ponder 0.17: its realtime
// sync logs "Encountered unrecoverable reorg" as a warning, retries on every new head for ever, and
// a restart refuses to start ("Finalized block ... cannot move backwards") or, when the new fork is
// already longer, starts on the old fork's rows. Nothing of Ponder's reports it (its log goes
// straight to file descriptor 1, /health and /ready answer 200), so the indexing process checks the
// chain against the index itself, every few seconds:
// - the block Ponder last reported final (`finalizedBlock`) keeps the hash it had when first seen;
// - whenever that block moves (and at start), the newest event the index holds at or below it (of
//   the tables that keep transaction hashes: posts, tips, label events, moderation logs) is in the
//   chain's block of that number (its transaction is listed there): the rows were not left by an
//   abandoned fork. The hash alone cannot tell when the chain reorganised before the block was
//   first looked at (Ponder moves it by 30 blocks at a time, and this runs every 3 s): its new
//   hash is then the only one seen, while the index's rows below it are the abandoned fork's.
// A difference seen twice in a row (one answer could come from a lagging node behind a load
// balancer) makes the indexer say what happened and exit with EXIT_DEEP_REORG, so no client is
// served the abandoned fork; the launcher (scripts/lib/indexer.ts) then re-indexes from scratch.
import { labelEvent, moderationLog, post, tip } from "ponder:schema";
import { sql } from "drizzle-orm";
import type { Hex } from "viem";

import { EXIT_DEEP_REORG } from "./exitCodes";
import { chain, lastFreshness } from "./freshness";
import { oncePerProcess } from "./oncePerProcess";
import { execute, tableName } from "./sql";

const CHECK_INTERVAL_MS = 3_000;

/** The finalized block as first seen, by number and hash. */
let anchor: { number: bigint; hash: Hex } | undefined;
let suspected: string | undefined;

/** The tables whose rows name their transaction, each with its ordinal. */
const WITH_TRANSACTIONS = [post, tip, labelEvent, moderationLog];

/** The newest indexed event at or below `block` that names its transaction, if any. */
async function newestEventAtOrBelow(block: bigint): Promise<{ blockNumber: bigint; transactionHash: Hex } | undefined> {
  // Ordinals are blockNumber * 2^24 + logIndex (ponder.schema.ts): one index scan per table.
  const below = (block + 1n) << 24n;
  const newest = sql.join(
    WITH_TRANSACTIONS.map((table) => sql`(SELECT ordinal, transaction_hash FROM ${tableName(table)} WHERE ordinal < ${below} ORDER BY ordinal DESC LIMIT 1)`),
    sql` UNION ALL `,
  );
  const [row] = await execute(sql`SELECT ordinal, transaction_hash FROM (${newest}) AS newest ORDER BY ordinal DESC LIMIT 1`);
  return row ? { blockNumber: BigInt(row.ordinal as string) >> 24n, transactionHash: row.transaction_hash as Hex } : undefined;
}

/** Why the index is on an abandoned fork, or undefined when the chain agrees (or cannot tell now). */
async function findAbandonedFork(finalized: bigint): Promise<string | undefined> {
  if (anchor) {
    const block = await chain.getBlock({ blockNumber: anchor.number });
    if (block.hash !== anchor.hash) {
      return `block ${anchor.number}, final when indexed with hash ${anchor.hash}, now has hash ${block.hash}`;
    }
  }
  if (anchor && finalized <= anchor.number) return undefined;
  const event = await newestEventAtOrBelow(finalized);
  if (event) {
    const { transactions } = await chain.getBlock({ blockNumber: event.blockNumber });
    if (!transactions.includes(event.transactionHash)) {
      return `the index holds an event of transaction ${event.transactionHash} in block ${event.blockNumber}, and the chain's block ${event.blockNumber} has no such transaction`;
    }
  }
  const block = await chain.getBlock({ blockNumber: finalized });
  anchor = { number: finalized, hash: block.hash };
  return undefined;
}

async function check(): Promise<void> {
  const freshness = lastFreshness();
  if (!freshness) return;
  // An RPC or database that does not answer cannot tell: the next check asks again.
  const fork = await findAbandonedFork(freshness.finalizedBlock).catch(() => undefined);
  if (fork === undefined) {
    suspected = undefined;
    return;
  }
  if (suspected === undefined) {
    suspected = fork;
    return;
  }
  console.error(
    JSON.stringify({
      level: 60,
      time: Date.now(),
      msg:
        `[kith] FATAL: the chain reorganised below the block the indexer took as final (${fork}), so the index holds an abandoned fork. ` +
        `Exiting with ${EXIT_DEEP_REORG}: re-index from scratch (npm start and the launcher do it by themselves; README, "Operating the indexer").`,
    }),
  );
  process.exit(EXIT_DEEP_REORG);
}

/** Starts the check (once per process: `ponder dev` evaluates this module again on every change). */
export function exitOnAbandonedFork(): void {
  if (!oncePerProcess("finalityWatch")) return;
  let running = false;
  setInterval(() => {
    if (running) return;
    running = true;
    void check().finally(() => {
      running = false;
    });
  }, CHECK_INTERVAL_MS).unref();
}
