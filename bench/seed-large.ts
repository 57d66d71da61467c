// `npm run seed:large`: a local chain filled with a large synthetic social network through real
// transactions (batched by bench/contracts/KithSeeder.sol), for benchmarks.
//
//   npm run seed:large -- [--size small|large] [--profiles N] [--follows N] [--posts N] [--likes N]
//                         [--seed N] [--rpc URL] [--keep] [--out DIR] [--tx-gas N] [--txs-per-block N]
//                         [--final-blocks N] [--no-state]
//
// Without --rpc it starts its own anvil and prints its URL; --keep leaves it running until Ctrl-C.
// Transactions stay below EIP-7825's 16,777,216 gas (--tx-gas); on its own anvil it mines 2 of them
// per block (--txs-per-block; 1 leaves the node's automine alone, the default with --rpc) and then
// 32 empty blocks (--final-blocks), so that Ponder backfills the whole seed as final.
// The address book goes to --out (default .kith/bench/<size>): index the chain with
// KITH_DEPLOYMENTS_DIR=<out> KITH_RPC_URL=<url>. With its own anvil it also saves the chain to
// <out>/state.json when anvil stops (unless --no-state), which the benchmarks load instead of seeding.
import path from "node:path";
import { parseArgs } from "node:util";

import { createPublicClient, http } from "viem";

import { chainAt } from "../scripts/lib/chain.ts";
import { untilInterrupted } from "../scripts/lib/processes.ts";
import {
  datasetFiles,
  deployAndSeed,
  duration,
  fmt,
  type LargeSeedSummary,
  FINAL_BLOCKS,
  LOCAL_TXS_PER_BLOCK,
  seedFreshChain,
  stopSeededChain,
  TX_GAS_CAP,
} from "./lib/seedLarge.ts";
import { DATASET_SIZES, type DatasetSize } from "./lib/socialData.ts";

const root = path.resolve(import.meta.dirname, "..");
const usage =
  "Usage: npm run seed:large -- [--size small|large] [--profiles N] [--follows N] [--posts N] [--likes N] [--seed N]\n" +
  "                             [--rpc URL] [--keep] [--out DIR] [--tx-gas N] [--txs-per-block N] [--final-blocks N] [--no-state]";
const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "large" },
    profiles: { type: "string" },
    follows: { type: "string" },
    posts: { type: "string" },
    likes: { type: "string" },
    seed: { type: "string", default: "1" },
    rpc: { type: "string" },
    keep: { type: "boolean", default: false },
    out: { type: "string" },
    "tx-gas": { type: "string" },
    "txs-per-block": { type: "string" },
    "final-blocks": { type: "string" },
    state: { type: "boolean", default: true },
    help: { type: "boolean", short: "h", default: false },
  },
  allowNegative: true,
});
if (args.help) {
  console.log(usage);
  process.exit(0);
}

function count(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll("_", ""));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${flag} must be a whole number, got ${value}`);
  return n;
}

const log = (line: string) => console.log(`[seed] ${line}`);
try {
  if (!(args.size in DATASET_SIZES)) throw new Error(`--size must be one of ${Object.keys(DATASET_SIZES).join(", ")}`);
  const preset = DATASET_SIZES[args.size as keyof typeof DATASET_SIZES];
  const posts = count("posts", args.posts, preset.posts);
  const size: DatasetSize = {
    profiles: count("profiles", args.profiles, preset.profiles),
    follows: count("follows", args.follows, preset.follows),
    posts,
    // Scaled with the posts when only --posts is given.
    likes: count("likes", args.likes, args.posts === undefined ? preset.likes : Math.round(posts / 4)),
  };
  const sizeName = Object.entries(DATASET_SIZES).find(([, s]) => JSON.stringify(s) === JSON.stringify(size))?.[0] ?? "custom";
  const dir = path.resolve(args.out ?? path.join(root, ".kith", "bench", sizeName));
  const seed = count("seed", args.seed, 1);
  const txGas = count("tx-gas", args["tx-gas"], TX_GAS_CAP);
  log(`${fmt(size.profiles)} profiles, ${fmt(size.follows)} follows, ${fmt(size.posts)} posts, ${fmt(size.likes)} likes (seed ${seed}) -> ${path.relative(process.cwd(), dir) || "."}`);

  let summary: LargeSeedSummary;
  let rpcUrl: string;
  let stop = async () => {};
  if (args.rpc) {
    rpcUrl = args.rpc;
    const chainId = await createPublicClient({ transport: http(rpcUrl) }).getChainId();
    const chain = chainAt(chainId, rpcUrl);
    ({ summary } = await deployAndSeed({
      dir,
      chain,
      rpcUrl,
      size,
      seed,
      txGas,
      txsPerBlock: count("txs-per-block", args["txs-per-block"], 1),
      finalBlocks: count("final-blocks", args["final-blocks"], 0),
      log,
    }));
  } else {
    const seeded = await seedFreshChain({
      dir,
      size,
      seed,
      txGas,
      txsPerBlock: count("txs-per-block", args["txs-per-block"], LOCAL_TXS_PER_BLOCK),
      finalBlocks: count("final-blocks", args["final-blocks"], FINAL_BLOCKS),
      dumpState: args.state,
      log,
    });
    summary = seeded.summary;
    rpcUrl = seeded.chain.rpcUrl;
    stop = async () => {
      if (args.state) log(`saving the chain to ${path.relative(process.cwd(), datasetFiles(dir).state)} ...`);
      const started = performance.now();
      await stopSeededChain(seeded.chain);
      if (args.state) log(`saved in ${duration((performance.now() - started) / 1000)}`);
    };
  }
  printSummary(summary);
  console.log(`
  Chain RPC     ${rpcUrl}   (chain id ${summary.chainId})
  Address book  ${path.relative(process.cwd(), datasetFiles(dir).deployment(summary.chainId))}
  Summary       ${path.relative(process.cwd(), datasetFiles(dir).summary)}
  Index it:     KITH_CHAIN_ID=${summary.chainId} KITH_RPC_URL=${rpcUrl} KITH_DEPLOYMENTS_DIR=${dir} npx ponder start --root indexer --schema bench
`);
  if (args.keep && !args.rpc) {
    log("keeping the chain running: Ctrl-C stops it");
    await untilInterrupted();
  }
  await stop();
} catch (error) {
  console.error(`[seed] ${(error as Error).stack ?? error}`);
  process.exit(1);
}

function printSummary(summary: LargeSeedSummary) {
  const { counts } = summary;
  console.log(`
  | Phase | Actions | Transactions | Blocks | Seconds | Events/s |
  | --- | ---: | ---: | ---: | ---: | ---: |`);
  for (const phase of summary.phases) {
    console.log(`  | ${phase.name} | ${fmt(phase.actions)} | ${fmt(phase.transactions)} | ${fmt(phase.blocks)} | ${phase.seconds.toFixed(1)} | ${fmt(phase.actions / phase.seconds)} |`);
  }
  console.log(`  | total (with setup and final blocks) | ${fmt(summary.events)} | ${fmt(summary.transactions)} | ${fmt(summary.headBlock - summary.firstBlock + 1)} | ${summary.seconds.toFixed(1)} | ${fmt(summary.events / summary.seconds)} |
`);
  log(
    `gas per action: ${Object.entries(summary.gasPerAction).map(([kind, gas]) => `${kind} ${fmt(gas)}`).join(", ")}; ` +
      `per transaction: ${Object.entries(summary.actionsPerTransaction).map(([kind, n]) => `${kind} ${fmt(n)}`).join(", ")}`,
  );
  log(
    `${fmt(counts.profiles)} profiles, ${fmt(counts.follows)} follows, ${fmt(counts.posts)} posts, ${fmt(counts.replies)} replies, ` +
      `${fmt(counts.quotes)} quotes, ${fmt(counts.reposts)} reposts, ${fmt(counts.likes)} likes = ${fmt(summary.events)} events in blocks ${summary.firstBlock}-${summary.lastBlock}`,
  );
  log(
    `followers: max ${fmt(summary.stats.maxFollowers!)}, median ${summary.stats.medianFollowers}; following: max ${fmt(summary.stats.maxFollowing!)}, ` +
      `median ${summary.stats.medianFollowing}; replies to one post: max ${fmt(summary.stats.maxReplies!)}; notifications: max ${fmt(summary.stats.maxNotifications!)}`,
  );
}
