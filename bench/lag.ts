// `npm run bench:lag`: head lag, from a post's receipt to the post visible over GraphQL.
//
//   npm run bench:lag -- [--posts N] [--transport ws,http] [--db pglite,postgres]
//
// A fresh anvil (one block per transaction), Kith deployed, the indexer started with the RPC over
// WebSocket (KITH_WS_URL: Ponder follows new heads by subscription) or over HTTP only (Ponder polls
// every 100 ms on local chains). alice follows bob; bob posts N times, one after the other. For each
// post, t0 is when its receipt is in hand; then
//   query: the first `post(id)` answer that has it (asked every 2 ms);
//   live:  its arrival on alice's homeFeed subscription (SSE), the push a dApp gets.
// Prints p50/p95/p99/max per transport, database and measure; writes bench/results/lag-*.json.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { type Hex, zeroHash } from "viem";

import { computePostId, contentHash, createKithClient, kithAbi, PostKind } from "@kith/sdk";
import { clientsFor, devAccount, startAnvil } from "../scripts/lib/chain.ts";
import { deployKith } from "../scripts/lib/deploy.ts";
import { startIndexer } from "../scripts/lib/indexer.ts";
import { benchDatabase } from "./lib/postgres.ts";
import { printTable, writeResults } from "./lib/results.ts";

const { values: args } = parseArgs({
  options: {
    posts: { type: "string", default: "100" },
    transport: { type: "string", default: "ws,http" },
    db: { type: "string", default: "pglite" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log("Usage: npm run bench:lag -- [--posts N] [--transport ws,http] [--db pglite,postgres]");
  process.exit(0);
}
const log = (line: string) => console.log(`[bench] ${line}`);
const posts = Number(args.posts);
const TARGET = { p50: 30, p99: 100 };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1)! };
}

async function measure(transport: "ws" | "http", db: "pglite" | "postgres") {
  const chain = await startAnvil();
  const dir = mkdtempSync(path.join(tmpdir(), "kith-lag-"));
  const database = benchDatabase(db, log);
  try {
    const deployer = clientsFor(chain.chain, chain.rpcUrl, devAccount(0));
    const { deployment } = await deployKith({ ...deployer, networkName: "localhost", dir, log: () => {} });
    const [alice, bob] = [devAccount(1), devAccount(2)].map((account) => ({ account, ...clientsFor(chain.chain, chain.rpcUrl, account, 1) }));
    const write = async (who: typeof alice, functionName: string, callArgs: unknown[]) => {
      const hash = await who.walletClient.writeContract({ address: deployment.contracts.Kith.address, abi: kithAbi, functionName: functionName as never, args: callArgs as never });
      return who.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 1 });
    };
    await write(alice, "register", ["alice", alice.account.address, zeroHash]);
    await write(bob, "register", ["bob", bob.account.address, zeroHash]);
    await write(alice, "follow", [1n, 2n]);

    const indexer = await startIndexer({
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      wsUrl: transport === "ws" ? chain.wsUrl : undefined,
      deploymentsDir: dir,
      pgliteDir: database.pgliteDir,
      databaseUrl: database.databaseUrl,
      contentDir: path.join(dir, "content"),
      dropSchemaOnStop: true,
    });
    try {
      // Over WebSocket, Ponder moves past its backfill only when a new head arrives after it
      // subscribed: give it blocks until it has indexed one.
      for (let attempt = 0; ; attempt++) {
        const { blockNumber } = await write(alice, "changeMetadata", [1n, contentHash(`warm up ${attempt}`)]);
        try {
          await indexer.waitForBlock(blockNumber, 2_000);
          break;
        } catch (error) {
          if (attempt === 30) throw error;
        }
      }
      const client = createKithClient({ chainId: chain.chainId, rpcUrl: chain.rpcUrl, graphqlUrl: indexer.graphqlUrl });
      const pushed = new Map<string, number>();
      const stop = client.watchHomeFeed({ profileId: 1n, onData: (item) => pushed.set(String(item.id), performance.now()) });
      // Let the subscription start before the first post (it only sends items of later blocks).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const query: number[] = [];
      const live: number[] = [];
      for (let i = 0; i < posts; i++) {
        const digest = contentHash(`lag ${transport} ${i}`);
        await write(bob, "post", [2n, digest, ""]);
        const t0 = performance.now();
        const id = String(computePostId(2n, PostKind.Post, 0n, digest));
        for (;;) {
          const answer = await indexer.request("query Lag($id: BigInt!) { post(id: $id) { id } }", { id });
          if (answer.data?.post) break;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        query.push(performance.now() - t0);
        const deadline = performance.now() + 10_000;
        while (!pushed.has(id) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
        if (pushed.has(id)) live.push(Math.max(0, pushed.get(id)! - t0));
        else log(`post ${i} never arrived on the subscription`);
      }
      stop();
      return { query: summary(query), live: summary(live), lost: posts - live.length };
    } finally {
      await indexer.stop();
    }
  } finally {
    await chain.stop();
    database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs: { transport: string; db: string; query: ReturnType<typeof summary>; live: ReturnType<typeof summary>; lost: number }[] = [];
for (const db of args.db.split(",") as ("pglite" | "postgres")[]) {
  for (const transport of args.transport.split(",") as ("ws" | "http")[]) {
    log(`${posts} posts, RPC over ${transport}, ${db}`);
    runs.push({ transport, db, ...(await measure(transport, db)) });
  }
}
const rows = runs.flatMap((run) =>
  (["query", "live"] as const).map((kind) => {
    const s = run[kind];
    const meets = s.p50 <= TARGET.p50 && s.p99 <= TARGET.p99 ? "yes" : "no";
    return [run.transport, run.db, kind, s.samples, `${s.p50.toFixed(1)} ms`, `${s.p95.toFixed(1)} ms`, `${s.p99.toFixed(1)} ms`, `${s.max.toFixed(1)} ms`, meets];
  }),
);
printTable(["RPC", "Database", "Measure", "Posts", "p50", "p95", "p99", "max", `p50 <= ${TARGET.p50} ms, p99 <= ${TARGET.p99} ms`], rows);
console.log(`\nwrote ${writeResults("lag", { posts, target: TARGET, runs })}`);
