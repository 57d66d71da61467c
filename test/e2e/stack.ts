// The whole stack for end-to-end tests: a fresh anvil chain, Kith deployed to it (address book in
// a temp folder), and the real indexer, on free ports. Every test run gets its own database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { type Account, getContract, type Hex } from "viem";

import { kithAbi, type KithDeployment } from "@kith/sdk";
import { clientsFor, devAccount, type LocalChain, RELAYER_ACCOUNT_INDEX, startAnvil } from "../../scripts/lib/chain.ts";
import { deployKith } from "../../scripts/lib/deploy.ts";
import { type CounterMismatch, counterMismatches, dumpTables, type IndexDatabase, openIndexDatabase } from "../../scripts/lib/indexCheck.ts";
import { dropSchema, type Indexer, type IndexerOptions, startIndexer } from "../../scripts/lib/indexer.ts";
import { type RunningRelayer, serveRelayer } from "../../relayer/serve.ts";
import type { RelayerOptions } from "../../relayer/server.ts";

export interface Stack {
  chain: LocalChain;
  deployment: KithDeployment;
  deploymentsDir: string;
  /** Where the stack's indexers keep uploaded bodies. */
  contentDir: string;
  indexer?: Indexer;
  /** The last relayer started (all of them stop with the stack). */
  relayer?: RunningRelayer;
  /** A typed Kith contract acting as `account`. */
  kithAs(account: Account): ReturnType<typeof kithFor>;
  /** Sends with `account`, waits for the receipt, fails on revert; returns the block number. */
  send(account: Account, write: (kith: ReturnType<typeof kithFor>) => Promise<Hex>): Promise<bigint>;
  startIndexer(options?: Partial<IndexerOptions>): Promise<Indexer>;
  /** The relayer on a free port, paying from development account 19. */
  startRelayer(options?: Partial<RelayerOptions>): Promise<RunningRelayer>;
  stop(): Promise<void>;
}

function kithFor(stack: { chain: LocalChain; deployment: KithDeployment }, account: Account) {
  const { publicClient, walletClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, account);
  return getContract({
    address: stack.deployment.contracts.Kith.address,
    abi: kithAbi,
    client: { public: publicClient, wallet: walletClient },
  });
}

export async function startStack(options: { chainId?: number } = {}): Promise<Stack> {
  const relayers: RunningRelayer[] = [];
  const chain = await startAnvil({ chainId: options.chainId });
  const deploymentsDir = mkdtempSync(path.join(tmpdir(), "kith-deployments-"));
  const pgliteDir = mkdtempSync(path.join(tmpdir(), "kith-pglite-"));
  const contentDir = mkdtempSync(path.join(tmpdir(), "kith-content-"));
  const deployer = clientsFor(chain.chain, chain.rpcUrl, devAccount(0));
  const { deployment } = await deployKith({ ...deployer, networkName: "localhost", dir: deploymentsDir, log: () => {} });
  const stack: Stack = {
    chain,
    deployment,
    deploymentsDir,
    contentDir,
    kithAs: (account) => kithFor(stack, account),
    async send(account, write) {
      const hash = await write(kithFor(stack, account));
      const receipt = await deployer.publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
      return receipt.blockNumber;
    },
    async startIndexer(indexerOptions = {}) {
      stack.indexer = await startIndexer({
        chainId: chain.chainId,
        rpcUrl: chain.rpcUrl,
        deploymentsDir,
        pgliteDir,
        contentDir,
        // A Postgres run leaves no schema behind in the test database.
        dropSchemaOnStop: true,
        ...indexerOptions,
      });
      return stack.indexer;
    },
    async startRelayer(relayerOptions = {}) {
      stack.relayer = await serveRelayer({
        chain: chain.chain,
        rpcUrl: chain.rpcUrl,
        kith: deployment.contracts.Kith.address,
        account: devAccount(RELAYER_ACCOUNT_INDEX),
        // Unexpected errors answer 500 "internal_error" to the client; the test output shows why.
        log: (line) => {
          if (line.startsWith("unexpected")) console.error(`[relayer] ${line}`);
        },
        ...relayerOptions,
      });
      relayers.push(stack.relayer);
      return stack.relayer;
    },
    async stop() {
      for (const relayer of relayers) await relayer.stop();
      await stack.indexer?.stop();
      await chain.stop();
      rmSync(deploymentsDir, { recursive: true, force: true });
      rmSync(pgliteDir, { recursive: true, force: true });
      rmSync(`${pgliteDir}.kith-indexer.json`, { force: true });
      rmSync(contentDir, { recursive: true, force: true });
    },
  };
  return stack;
}

export interface IndexContents {
  /** Every row of every Kith table (see dumpTables). */
  tables: Record<string, string[]>;
  /** What the counter oracle found wrong: nothing, in a correct index. */
  mismatches: CounterMismatch[];
}

/**
 * Stops `indexer` and reads its database (PGlite can only be opened once its indexer stopped); a
 * Postgres schema is dropped afterwards if the stack would have dropped it.
 */
export function readIndex(indexer: Indexer): Promise<IndexContents> {
  return withIndexDatabase(indexer, async (db) => ({ tables: await dumpTables(db), mismatches: await counterMismatches(db) }));
}

/** Stops `indexer` and runs `work` on its database (see readIndex). */
export async function withIndexDatabase<T>(indexer: Indexer, work: (db: IndexDatabase) => Promise<T>): Promise<T> {
  await indexer.stop({ keepSchema: true });
  const db = await openIndexDatabase(indexer);
  try {
    return await work(db);
  } finally {
    await db.close();
    if (indexer.databaseUrl) await dropSchema(indexer.databaseUrl, indexer.schema);
  }
}

/**
 * `describe`'s skip option for runs that need Postgres: false when KITH_TEST_DATABASE_URL is set,
 * else a reason, also printed loudly (`.ci/run` always sets it; a skip must not pass unnoticed).
 */
export function skipWithoutPostgres(what: string): string | false {
  if (process.env.KITH_TEST_DATABASE_URL) return false;
  const message = `KITH_TEST_DATABASE_URL is not set: ${what} is SKIPPED (\`.ci/run\` sets it)`;
  console.warn(`\n!!! ${message}\n`);
  return message;
}
