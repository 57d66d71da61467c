// Crashes, and what the index looks like afterwards: kill -9 of the indexer while it writes a
// backfill batch and while it follows the head (PGlite, and Postgres with KITH_TEST_DATABASE_URL),
// and a Postgres server crash (`pg_ctl stop -m immediate`, a scratch server) while blocks stream in.
// After each, once caught up, every Kith table must equal a fresh index of the same chain and the
// counter oracle must find nothing.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { zeroHash } from "viem";

import { computePostId, contentHash, PostKind } from "@kith/sdk";
import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import type { Indexer, IndexerOptions } from "../../scripts/lib/indexer.ts";
import { seedLarge } from "../../bench/lib/seedLarge.ts";
import { scratchPostgresUnavailable, startScratchPostgres } from "./scratchPostgres.ts";
import { type IndexContents, readIndex, type Stack, startStack } from "./stack.ts";

/** ~2,300 events in ~100 blocks: a backfill of several batches, over in a few seconds. */
const SIZE = { profiles: 80, follows: 1_000, posts: 1_000, likes: 300 };
const live = [11, 12, 13].map(devAccount);

/** A chain seeded with SIZE, plus three profiles of development accounts that act live. */
async function seededStack(): Promise<{ stack: Stack; liveIds: bigint[] }> {
  const stack = await startStack();
  await seedLarge({
    chain: stack.chain.chain,
    rpcUrl: stack.chain.rpcUrl,
    deployment: stack.deployment,
    from: devAccount(0).address,
    size: SIZE,
    seed: 9,
    txGas: 1_500_000,
    log: () => {},
    progressMs: 0,
  });
  for (const [index, account] of live.entries()) {
    await stack.send(account, (k) => k.write.register([`live_${index}`, account.address, zeroHash]));
  }
  const first = BigInt(SIZE.profiles + 1);
  return { stack, liveIds: [first, first + 1n, first + 2n] };
}

/** Sends posts, replies, likes and follows from the live profiles until stopped; returns the last block. */
function streamActions(stack: Stack, liveIds: bigint[]) {
  let stopped = false;
  let last = 0n;
  let previous: bigint | undefined;
  const follows = new Set<string>();
  // Its failure is reported by stop(), never left unhandled (a stack stopping under it ends it too).
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const who = i % live.length;
      const [account, me] = [live[who]!, liveIds[who]!];
      const body = contentHash(`live ${i}`);
      if (previous !== undefined && i % 3 === 1) {
        const target = previous;
        last = await stack.send(account, (k) => k.write.reply([me, target, body, ""]));
        previous = computePostId(me, PostKind.Reply, target, body);
      } else if (previous !== undefined && i % 3 === 2) {
        const target = previous;
        last = await stack.send(account, (k) => k.write.like([me, target]));
      } else {
        last = await stack.send(account, (k) => k.write.post([me, body, ""]));
        previous = computePostId(me, PostKind.Post, 0n, body);
      }
      if (i % 7 === 0) {
        const edge = `${me} ${1 + (i % 5)}`;
        const followee = BigInt(1 + (i % 5));
        last = await stack.send(account, (k) => (follows.delete(edge) ? k.write.unfollow([me, followee]) : (follows.add(edge), k.write.follow([me, followee]))));
      }
    }
  })();
  const failure = loop.then(
    () => undefined,
    (error: unknown) => error,
  );
  return {
    async stop(): Promise<bigint> {
      stopped = true;
      const error = await failure;
      if (error) throw error;
      return last;
    },
  };
}

/** Catching up after a restart can take a while on a loaded machine (a Ponder start is ~5-30 s). */
const CATCH_UP_MS = 180_000;

/** kill -9 of the indexer at its `count`-th output line matching `pattern`; resolves once it is gone. */
function killOn(indexer: Indexer, pattern: RegExp, count = 1): Promise<void> {
  const child = indexer.service.process;
  return new Promise((resolve) => {
    let seen = 0;
    child.once("exit", () => resolve());
    child.stdout!.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (pattern.test(line) && ++seen === count) child.kill("SIGKILL");
      }
    });
  });
}

async function head(stack: Stack): Promise<bigint> {
  return clientsFor(stack.chain.chain, stack.chain.rpcUrl, devAccount(0)).publicClient.getBlockNumber();
}

/** A fresh index of the stack's chain, in a new PGlite folder or a new Postgres schema. */
async function freshIndex(stack: Stack, databaseUrl: string | undefined): Promise<IndexContents> {
  const pgliteDir = mkdtempSync(path.join(tmpdir(), "kith-pglite-fresh-"));
  try {
    const fresh = await stack.startIndexer({ databaseUrl, pgliteDir });
    await fresh.waitForBlock(await head(stack), CATCH_UP_MS);
    return await readIndex(fresh);
  } finally {
    rmSync(pgliteDir, { recursive: true, force: true });
  }
}

async function assertSameAsFresh(stack: Stack, indexer: Indexer, databaseUrl: string | undefined) {
  await indexer.waitForBlock(await head(stack), CATCH_UP_MS);
  const recovered = await readIndex(indexer);
  assert.deepEqual(recovered.mismatches, []);
  const fresh = await freshIndex(stack, databaseUrl);
  for (const table of Object.keys(fresh.tables)) {
    assert.deepEqual(recovered.tables[table], fresh.tables[table], `table ${table} differs from a fresh index`);
  }
  assert.deepEqual(Object.keys(recovered.tables), Object.keys(fresh.tables));
}

function killScenario(mode: "PGlite" | "Postgres", databaseUrl?: string) {
  const skip = mode === "Postgres" && !databaseUrl ? "KITH_TEST_DATABASE_URL is not set: the Postgres run is SKIPPED (`.ci/run` sets it)" : false;
  describe(`kill -9 of the indexer on ${mode}`, { skip }, () => {
    let stack: Stack;
    let liveIds: bigint[];
    const schema = `kith_crash_${mode.toLowerCase()}`;
    const options = (more: Partial<IndexerOptions> = {}): Partial<IndexerOptions> => ({ databaseUrl, schema, ...more });
    before(async () => {
      ({ stack, liveIds } = await seededStack());
    });
    after(async () => stack?.stop());

    /** Starts the indexer; every one started stops when the test ends, whatever happened. */
    const started: Indexer[] = [];
    const start = async (more?: Partial<IndexerOptions>) => {
      const indexer = await stack.startIndexer(options(more));
      started.push(indexer);
      return indexer;
    };
    const stopAll = async () => {
      for (const indexer of started.splice(0)) await indexer.stop();
    };

    it("killed while it writes a backfill batch, restarted without waiting for a lock, equals a fresh index", async () => {
      try {
        // Debug logs say when a table of the batch is written: the kill lands inside the batch.
        await killOn(await start({ env: { PONDER_LOG_LEVEL: "debug" } }), /"msg":"Wrote database rows"/);
        const restarted = await start();
        const output = restarted.service.output();
        await assertSameAsFresh(stack, restarted, databaseUrl);
        // Without the launcher's help it would have waited ~20 s for the dead one's lock to expire.
        assert.doesNotMatch(output, /Schema is locked/);
      } finally {
        await stopAll();
      }
    });

    it("killed while it follows the head, restarted, equals a fresh index", async () => {
      try {
        const running = await start();
        await running.waitForBlock(await head(stack), CATCH_UP_MS);
        const stream = streamActions(stack, liveIds);
        try {
          await killOn(running, /"msg":"Indexed block"/, 5);
          const restarted = await start();
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          await stream.stop();
          await assertSameAsFresh(stack, restarted, databaseUrl);
        } finally {
          await stream.stop();
        }
      } finally {
        await stopAll();
      }
    });
  });
}

killScenario("PGlite");
killScenario("Postgres", process.env.KITH_TEST_DATABASE_URL);

describe("a Postgres crash (pg_ctl stop -m immediate) while blocks stream in", { skip: scratchPostgresUnavailable() ?? false }, () => {
  it("loses no block the indexer reported indexed: the index equals a fresh one", async () => {
    const postgres = await startScratchPostgres();
    const { stack, liveIds } = await seededStack();
    try {
      const indexer = await stack.startIndexer({ databaseUrl: postgres.url });
      await indexer.waitForBlock(await head(stack), CATCH_UP_MS);
      const stream = streamActions(stack, liveIds);
      try {
        for (let crash = 0; crash < 2; crash++) {
          // Right after the indexer reports a block, before Postgres' WAL writer would have flushed it.
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          const reported = await head(stack);
          await indexer.waitForBlock(reported, CATCH_UP_MS);
          postgres.crashAndRestart();
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      } finally {
        await stream.stop();
      }
      await assertSameAsFresh(stack, indexer, postgres.url);
    } finally {
      await stack.stop();
      postgres.stop();
    }
  });
});
