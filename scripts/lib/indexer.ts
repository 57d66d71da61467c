// Starts the Ponder indexer (indexer/) as a child process and talks to its HTTP API.
import { randomBytes } from "node:crypto";
import path from "node:path";

import pg from "pg";

import { isLocalChain } from "../../sdk/src/deployments.ts";
import { exitedReason, freePort, type Service, startService, waitFor } from "./processes.ts";

const root = path.resolve(import.meta.dirname, "..", "..");

export interface IndexerOptions {
  chainId: number;
  rpcUrl: string;
  wsUrl?: string;
  port?: number;
  /** Folder holding <chainId>.json (default: the repo's deployments/). */
  deploymentsDir?: string;
  /** Postgres connection string; PGlite when absent. */
  databaseUrl?: string;
  /** PGlite folder (default indexer/.ponder/pglite). */
  pgliteDir?: string;
  /** Where uploaded bodies are kept (default indexer/.content). */
  contentDir?: string;
  /** Database schema name (default: a fresh random one, so runs never collide). */
  schema?: string;
  /** On Postgres, drop the schema when the indexer stops (tests: nothing left behind). */
  dropSchemaOnStop?: boolean;
  echo?: boolean;
  /** More environment for the indexer process (e.g. KITH_DENSE_FOLLOWING). */
  env?: NodeJS.ProcessEnv;
}

export interface Indexer {
  url: string;
  graphqlUrl: string;
  schema: string;
  /** Where the index lives: a Postgres database, or else a PGlite folder. */
  databaseUrl?: string;
  pgliteDir: string;
  service: Service;
  /** Resolves once the indexer has processed every block up to `blockNumber`. */
  waitForBlock(blockNumber: bigint | number, timeoutMs?: number): Promise<void>;
  /** POSTs a GraphQL request and returns the parsed JSON response as is (data and errors). */
  request(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  /** Stops the indexer (and drops its Postgres schema if `dropSchemaOnStop`, unless `keepSchema`). */
  stop(options?: { keepSchema?: boolean }): Promise<void>;
}

export interface GraphQLResponse {
  data?: any;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** The tables of Ponder's RPC cache (schema ponder_sync) that hold rows per chain. */
const PONDER_SYNC_TABLES = ["blocks", "transactions", "transaction_receipts", "logs", "traces", "rpc_request_results", "intervals", "factory_addresses"];

/**
 * Forgets what Ponder cached for local chain `chainId` in the Postgres database `databaseUrl`.
 * Ponder keeps raw blocks and logs in the schema ponder_sync, shared by every schema of the
 * database, keyed by chain id and block number, and never overwrites a row. A new local chain
 * reuses both (and Kith, deployed by the same account, gets the same address), so rows left by an
 * earlier chain would be indexed as this chain's events. One local chain per database at a time.
 */
async function forgetLocalChain(databaseUrl: string, chainId: number): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    const found = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.columns
       WHERE table_schema = 'ponder_sync' AND column_name = 'chain_id' AND table_name = ANY($1)`,
      [PONDER_SYNC_TABLES],
    );
    for (const { name } of found.rows) await client.query(`DELETE FROM ponder_sync."${name}" WHERE chain_id = $1`, [chainId]);
  });
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  await withClient(databaseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`));
}

/** One connection to `databaseUrl` for `work`, closed afterwards. */
async function withClient(databaseUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

export async function startIndexer(options: IndexerOptions): Promise<Indexer> {
  if (options.databaseUrl && isLocalChain(options.chainId)) await forgetLocalChain(options.databaseUrl, options.chainId);
  const port = options.port ?? (await freePort());
  const schema = options.schema ?? `kith_${randomBytes(4).toString("hex")}`;
  const pgliteDir = path.resolve(options.pgliteDir ?? path.join(root, "indexer", ".ponder", "pglite"));
  const env: NodeJS.ProcessEnv = {
    KITH_CHAIN_ID: String(options.chainId),
    KITH_RPC_URL: options.rpcUrl,
    KITH_WS_URL: options.wsUrl,
    KITH_DEPLOYMENTS_DIR: options.deploymentsDir,
    KITH_PGLITE_DIR: pgliteDir,
    KITH_CONTENT_DIR: options.contentDir ?? path.join(root, "indexer", ".content"),
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    // Ponder reads these from env too: keep the child's own settings explicit.
    DATABASE_SCHEMA: schema,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  if (!options.databaseUrl) env.DATABASE_URL = "";
  // Ponder's CLI on this very Node (>= 22), whatever `node` the PATH would find.
  const service = startService(
    "indexer",
    process.execPath,
    [path.join(root, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js"), "start", "--root", path.join(root, "indexer"), "--schema", schema, "--port", String(port), "--log-format", "json"],
    { env, echo: options.echo },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => ((await fetch(`${url}/health`)).ok ? true : undefined),
    {
      timeoutMs: 60_000,
      intervalMs: 100,
      abort: exitedReason(service),
      describe: () => `the indexer did not start on ${url}\n${service.output()}`,
    },
  );

  return {
    url,
    graphqlUrl: `${url}/graphql`,
    schema,
    databaseUrl: options.databaseUrl,
    pgliteDir,
    service,
    async waitForBlock(blockNumber, timeoutMs = 30_000) {
      await waitFor(
        async () => {
          const status = (await (await fetch(`${url}/status`)).json()) as Record<string, { id: number; block: { number: number } }>;
          const chain = Object.values(status).find((entry) => entry.id === options.chainId);
          return chain && chain.block.number >= Number(blockNumber) ? true : undefined;
        },
        { timeoutMs, intervalMs: 25, abort: exitedReason(service), describe: () => `the indexer did not reach block ${blockNumber}\n${service.output()}` },
      );
    },
    async request(query, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse;
    },
    async stop({ keepSchema = false } = {}) {
      await service.stop();
      if (options.dropSchemaOnStop && !keepSchema && options.databaseUrl) await dropSchema(options.databaseUrl, schema);
    },
  };
}
