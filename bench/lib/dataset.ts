// The chain a benchmark runs on: a running one (--rpc, filled by `npm run seed:large -- --keep`),
// the one saved in .kith/bench/<size>/state.json by an earlier run, or a freshly seeded one (which
// is then saved for the next run).
import { readFileSync } from "node:fs";
import path from "node:path";

import { createPublicClient, http } from "viem";

import { type KithDeployment } from "@kith/sdk";
import { readDeployment } from "@kith/sdk/node";
import {
  datasetFiles,
  type LargeSeedSummary,
  loadSeededChain,
  seedFreshChain,
  stopSeededChain,
} from "./seedLarge.ts";
import { DATASET_SIZES, type DatasetSizeName } from "./socialData.ts";

const root = path.resolve(import.meta.dirname, "..", "..");

export interface Dataset {
  sizeName: string;
  rpcUrl: string;
  chainId: number;
  /** Folder holding the address book (KITH_DEPLOYMENTS_DIR for the indexer). */
  deploymentsDir: string;
  deployment: KithDeployment;
  summary: LargeSeedSummary;
  /** How the chain came to be: "rpc", "loaded" (from state.json) or "seeded". */
  origin: "rpc" | "loaded" | "seeded";
  /** Seconds spent loading or seeding it. */
  setupSeconds: number;
  /** The anvil process, when the benchmark started it (for its CPU time). */
  anvilPid?: number;
  stop(): Promise<void>;
}

export interface DatasetOptions {
  size: string;
  seed: number;
  /** A running chain already seeded (its address book and seed.json in `data`). */
  rpc?: string;
  /** The data set folder (default .kith/bench/<size>). */
  data?: string;
  log: (line: string) => void;
}

/** parseArgs options shared by the benchmarks: the data set (DatasetOptions) and how long indexing it may take. */
export const DATASET_ARGS = {
  size: { type: "string", default: "large" },
  seed: { type: "string", default: "1" },
  rpc: { type: "string" },
  data: { type: "string" },
  "timeout-min": { type: "string", default: "60" },
} as const;

export function datasetDir(options: Pick<DatasetOptions, "size" | "data">): string {
  return path.resolve(options.data ?? path.join(root, ".kith", "bench", options.size));
}

export async function openDataset(options: DatasetOptions): Promise<Dataset> {
  const { log } = options;
  const dir = datasetDir(options);
  const files = datasetFiles(dir);
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;

  if (options.rpc) {
    const summary = JSON.parse(readFileSync(files.summary, "utf8")) as LargeSeedSummary;
    const deployment = readDeployment(summary.chainId, dir);
    const client = createPublicClient({ transport: http(options.rpc) });
    if ((await client.getChainId()) !== summary.chainId || !(await client.getCode({ address: deployment.contracts.Kith.address }))) {
      throw new Error(`${options.rpc} is not the chain described in ${files.summary}.`);
    }
    return {
      sizeName: options.size,
      rpcUrl: options.rpc,
      chainId: summary.chainId,
      deploymentsDir: dir,
      deployment,
      summary,
      origin: "rpc",
      setupSeconds: 0,
      stop: async () => {},
    };
  }

  if (!(options.size in DATASET_SIZES)) throw new Error(`--size must be one of ${Object.keys(DATASET_SIZES).join(", ")} (or give --rpc)`);
  const size = DATASET_SIZES[options.size as DatasetSizeName];
  const loaded = await loadSeededChain({ dir, size, seed: options.seed, log });
  if (loaded) {
    return {
      sizeName: options.size,
      rpcUrl: loaded.chain.rpcUrl,
      chainId: loaded.chain.chainId,
      deploymentsDir: dir,
      deployment: loaded.deployment,
      summary: loaded.summary,
      origin: "loaded",
      setupSeconds: seconds(),
      anvilPid: loaded.chain.service.process.pid,
      stop: () => loaded.chain.stop(),
    };
  }
  log(`no saved ${options.size} data set in ${path.relative(process.cwd(), dir)}: seeding one (saved for the next run)`);
  const seeded = await seedFreshChain({ dir, size, seed: options.seed, dumpState: true, log: (line) => log(`  ${line}`) });
  return {
    sizeName: options.size,
    rpcUrl: seeded.chain.rpcUrl,
    chainId: seeded.chain.chainId,
    deploymentsDir: dir,
    deployment: seeded.deployment,
    summary: seeded.summary,
    origin: "seeded",
    setupSeconds: seconds(),
    anvilPid: seeded.chain.service.process.pid,
    stop: async () => {
      log(`saving the chain to ${path.relative(process.cwd(), files.state)} for the next run ...`);
      await stopSeededChain(seeded.chain);
    },
  };
}
