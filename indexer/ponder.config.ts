// Ponder reads the address book written by `npm run deploy`: no address or start block is copied
// by hand. KITH_CHAIN_ID picks the chain (default 31337, the local chain of `npm start`).
import { createConfig } from "ponder";

import { kithAbi, kithChannelsAbi, kithModerationAbi, kithTipsAbi } from "@kith/sdk/abis";
import { isLocalChain } from "@kith/sdk/deployments";
import { readDeployment } from "@kith/sdk/node";

import { chainId, rpcUrl } from "./src/lib/chain";

const deployment = readDeployment(chainId);
const rpc = rpcUrl();

// Ponder caches RPC results in the database (schema ponder_sync), shared by every schema in it and
// keyed by chain id and block number. A local chain starts over at block 0 with other contents
// under the same chain id (and the same addresses): cached rows of an earlier run would be read as
// this chain's. So no cache for local chain ids (KITH_RPC_CACHE=1 or 0 overrides), and the
// launcher (scripts/lib/indexer.ts) deletes rows an earlier local chain left before it starts
// Ponder on Postgres.
const disableCache = process.env.KITH_RPC_CACHE ? process.env.KITH_RPC_CACHE === "0" : isLocalChain(chainId);

/**
 * Ponder sets `synchronous_commit = off` on each of its Postgres connections, so Postgres
 * acknowledges a block's commit before it is on disk: a Postgres crash then loses the last blocks
 * the indexer reported indexed, and the running indexer never indexes them again. node-postgres runs
 * `onConnect` on every new connection after Ponder's own settings: commits are durable again
 * (one WAL flush per block or backfill batch).
 */
const durableCommits = (client: { query(text: string): Promise<unknown> }) => client.query("SET synchronous_commit = on");

export default createConfig({
  // PGlite (embedded) unless DATABASE_URL is set; KITH_PGLITE_DIR moves its files.
  // Postgres' JIT costs ~250 ms on feed queries whose estimate looks big but run in a few ms: off.
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL, poolConfig: { options: "-c jit=off", onConnect: durableCommits } }
    : { kind: "pglite", directory: process.env.KITH_PGLITE_DIR ?? ".ponder/pglite" },
  chains: {
    [deployment.network]: {
      id: chainId,
      // Several copies of one URL: Ponder rate-limits per transport, and a local node is not the limit.
      rpc: chainId === 31337 ? Array(8).fill(rpc) : rpc,
      ws: process.env.KITH_WS_URL,
      pollingInterval: Number(process.env.KITH_POLLING_INTERVAL ?? (chainId === 31337 ? 100 : 1_000)),
      disableCache,
    },
  },
  contracts: {
    Kith: {
      chain: deployment.network,
      abi: kithAbi,
      address: deployment.contracts.Kith.address,
      startBlock: deployment.contracts.Kith.blockNumber,
    },
    KithTips: {
      chain: deployment.network,
      abi: kithTipsAbi,
      address: deployment.contracts.KithTips.address,
      startBlock: deployment.contracts.KithTips.blockNumber,
    },
    KithModeration: {
      chain: deployment.network,
      abi: kithModerationAbi,
      address: deployment.contracts.KithModeration.address,
      startBlock: deployment.contracts.KithModeration.blockNumber,
    },
    KithChannels: {
      chain: deployment.network,
      abi: kithChannelsAbi,
      address: deployment.contracts.KithChannels.address,
      startBlock: deployment.contracts.KithChannels.blockNumber,
    },
  },
});
