import { createRequire } from "node:module";

import hardhatToolboxViemPlugin from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";

import { TESTNETS } from "./scripts/lib/networks.ts";

const require = createRequire(import.meta.url);

// No compiler download: solc-js from the npm `solc` package (its version must equal the package's).
const solc = {
  version: "0.8.30",
  path: require.resolve("solc/soljson.js"),
  settings: {
    // prague, not the compiler's default osaka, so the same bytecode deploys on L2 testnets that
    // have not activated osaka's opcodes yet.
    evmVersion: "prague",
    // Legacy codegen: its selector dispatch is a binary search; via-IR's is linear, which cost
    // follow() ~450 gas more (measured). Gas targets: see README.
    viaIR: false,
    optimizer: { enabled: true, runs: 10_000 },
  },
};

// Fuzz and invariant runs: KITH_FUZZ_RUNS / KITH_INVARIANT_RUNS override the defaults (CI uses the defaults).
const fuzzRuns = Number(process.env.KITH_FUZZ_RUNS ?? 1_000);
const invariantRuns = Number(process.env.KITH_INVARIANT_RUNS ?? 64);

/** A public testnet: RPC URL and deployer key come from env vars or the Hardhat keystore. */
function testnet({ chainId, prefix }: { chainId: number; prefix: string }) {
  return {
    type: "http" as const,
    chainType: chainId === 11155111 ? ("l1" as const) : ("op" as const),
    chainId,
    url: configVariable(`${prefix}_RPC_URL`),
    accounts: [configVariable(`${prefix}_PRIVATE_KEY`)],
  };
}

export default defineConfig({
  plugins: [hardhatToolboxViemPlugin],
  solidity: {
    profiles: {
      default: solc,
      production: solc,
    },
  },
  paths: {
    // bench/contracts: KithSeeder, built with the contracts so `--no-tests` builds (seed:large) have it.
    sources: { solidity: ["contracts", "bench/contracts"] },
    tests: {
      solidity: "test/solidity",
      nodejs: "test",
    },
  },
  test: {
    solidity: {
      fuzz: { runs: fuzzRuns, seed: process.env.KITH_FUZZ_SEED },
      invariant: { runs: invariantRuns, depth: 64, failOnRevert: true },
    },
  },
  networks: {
    // In-process chain used by `hardhat test` and `hardhat run` without --network.
    hardhat: { type: "edr-simulated", chainType: "l1" },
    // Any JSON-RPC node on this machine (`npm start` prints its URL; KITH_RPC_URL overrides).
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.KITH_RPC_URL ?? "http://127.0.0.1:8545",
    },
    sepolia: testnet(TESTNETS.sepolia),
    baseSepolia: testnet(TESTNETS.baseSepolia),
    opSepolia: testnet(TESTNETS.opSepolia),
  },
});
