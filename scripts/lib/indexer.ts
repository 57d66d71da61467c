// Starts the Ponder indexer (indexer/) as a child process and talks to its HTTP API.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";

import pg from "pg";

import { isLocalChain } from "@kith/sdk";

import { EXIT_DATABASE_LOST, EXIT_DEEP_REORG } from "../../indexer/src/api/exitCodes.ts";
import { RETRY_AFTER_SECONDS } from "../../indexer/src/api/settings.ts";
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
  /** Where uploaded bodies are kept with contentStore "files" (default indexer/.content). */
  contentDir?: string;
  /** KITH_CONTENT_STORE: bodies in files under contentDir (default), or in the indexer's Postgres (needs databaseUrl). */
  contentStore?: "files" | "postgres";
  /** KITH_CONTENT_PEERS: where bodies missing here are asked for: Kith indexers (https://...) and IPFS gateways (ipfs+https://...). */
  contentPeers?: string[];
  /** Database schema name (default: a fresh random one, so runs never collide). */
  schema?: string;
  /** On Postgres, drop the schema when the indexer stops (tests: nothing left behind). */
  dropSchemaOnStop?: boolean;
  echo?: boolean;
  /** Where the launcher says what it does about the database (default: console.log). */
  log?: (line: string) => void;
  /** More environment for the indexer process (e.g. KITH_DENSE_FOLLOWING). */
  env?: NodeJS.ProcessEnv;
  /**
   * On Postgres, the schema of views that read replicas (startReader) serve from: a stable name,
   * whichever writer's schema it points at. Once this indexer is ready and has indexed as far as
   * what the views show, the launcher points them at its tables (publishViews), once.
   */
  viewsSchema?: string;
  /** The Ponder project to run (default the repo's indexer/): another version of it, for a redeploy. */
  indexerDir?: string;
}

export interface Indexer {
  url: string;
  graphqlUrl: string;
  schema: string;
  /** Where the index lives: a Postgres database, or else a PGlite folder. */
  databaseUrl?: string;
  pgliteDir: string;
  service: Service;
  /** Resolves once the indexer has processed every block up to `blockNumber` and its API's answers say so. */
  waitForBlock(blockNumber: bigint | number, timeoutMs?: number): Promise<void>;
  /** POSTs a GraphQL request and returns the parsed JSON response as is (data and errors). */
  request(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  /** Each time the launcher replaced an indexer that exited (lost database, deep reorg): why, and what it printed last. */
  replacements: { code: number | null; reason: string; output: string }[];
  /** With `viewsSchema`: resolves once the views show this indexer's tables. */
  viewsPublished?: Promise<void>;
  /** Calls `listener` once if the indexer exits by itself for good (not when the launcher restarts it, nor on stop()). */
  onExit(listener: (code: number | null) => void): void;
  /** Stops the indexer (and drops its Postgres schema if `dropSchemaOnStop`, unless `keepSchema`). */
  stop(options?: { keepSchema?: boolean }): Promise<void>;
}

/** A read replica: `ponder serve` of the API, read-only, on a writer's views schema (startReader). */
export interface Reader {
  url: string;
  graphqlUrl: string;
  port: number;
  /** The schema it reads: the writer's views schema. */
  schema: string;
  service: Service;
  request(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

export interface ReaderOptions
  extends Pick<
    IndexerOptions,
    "chainId" | "rpcUrl" | "wsUrl" | "port" | "deploymentsDir" | "contentDir" | "contentStore" | "contentPeers" | "echo" | "env" | "indexerDir"
  > {
  databaseUrl: string;
  /** The schema to serve: a writer's `viewsSchema` (it exists once that writer was first ready). */
  viewsSchema: string;
}

export interface GraphQLResponse {
  data?: any;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export async function postGraphQL(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse;
}

/** Resolves once the Ponder process at `url` answers /health; fails at once when `gone()` gives a reason. */
async function waitUntilServing(url: string, gone: () => string | undefined, output: () => string): Promise<void> {
  await waitFor(async () => ((await fetch(`${url}/health`)).ok ? true : undefined), {
    timeoutMs: 60_000,
    intervalMs: 100,
    abort: gone,
    describe: () => `the indexer did not start on ${url}\n${output()}`,
  });
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The lowest latest checkpoint (Ponder's fixed-width digit strings: they sort as they compare) of `schema`, or undefined when it has none. */
async function latestCheckpoint(client: pg.Client, schema: string): Promise<string | undefined> {
  const table = `${quoted(schema)}."_ponder_checkpoint"`;
  const found = await client.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [table]);
  if (!found.rows[0]?.t) return undefined;
  const { rows } = await client.query<{ c: string | null }>(`SELECT min(latest_checkpoint) AS c FROM ${table}`);
  return rows[0]?.c ?? undefined;
}

/**
 * Whether the writer of `schema` is ready (Ponder's flag: its backfill is done) and has indexed at
 * least as far as what `viewsSchema` shows now (anything, when it shows nothing yet).
 */
async function caughtUpWithViews(client: pg.Client, schema: string, viewsSchema: string): Promise<boolean> {
  const meta = `${quoted(schema)}."_ponder_meta"`;
  if (!(await client.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [meta])).rows[0]?.t) return false;
  const ready = await client.query<{ ready: number | null }>(`SELECT (value->>'is_ready')::int AS ready FROM ${meta} WHERE key = 'app'`);
  if (ready.rows[0]?.ready !== 1) return false;
  const [mine, shown] = [await latestCheckpoint(client, schema), await latestCheckpoint(client, viewsSchema)];
  return mine !== undefined && (shown === undefined || mine >= shown);
}

/**
 * Waits until the writer of `schema` is ready and as far as the views, then points the views at
 * its tables (publishViews): readers switch to the new version only once it answers at least what
 * they answered, so no client goes back in time. Polls until then, or until `abort` gives a reason.
 */
export async function publishViewsWhenCaughtUp(
  databaseUrl: string,
  schema: string,
  viewsSchema: string,
  { abort, log }: { abort?: () => string | undefined; log: (line: string) => void },
): Promise<void> {
  const publishing = () => log(`pointing the views ${viewsSchema} at the tables of ${schema}, which is ready and as far as they show`);
  await waitFor(async () => ((await publishViews(databaseUrl, schema, viewsSchema, { ifCaughtUp: true, publishing })) ? true : undefined), {
    timeoutMs: Number.POSITIVE_INFINITY,
    intervalMs: 250,
    abort,
    describe: () => `the views ${viewsSchema} were not pointed at ${schema}`,
  });
  log(`the views ${viewsSchema} now show the tables of ${schema}`);
}

/**
 * Points the views of `viewsSchema` at the tables of the writer of `schema`, all in one
 * transaction: readers see the old writer's tables or the new one's, never a mix nor a missing
 * view. The same views as Ponder's `--views-schema` (each table, _ponder_meta, _ponder_checkpoint),
 * which Kith does not use: Ponder creates them as soon as the backfill is done, before the blocks
 * that were not final yet are indexed, so the readers would go back a few blocks in time (and an
 * old writer restarted after a redeploy would take the views back). `ponder db create-views` runs
 * each statement on its own, so readers would meet a dropped view. Views of tables the new
 * version no longer has go. Ponder's live-query trigger is not made: Kith's subscriptions poll
 * the checkpoint (indexer/src/api/live.ts). With `ifCaughtUp`, only when the writer of `schema` is
 * ready and as far as the views show, judged under the lock publishers take (so two never
 * interleave); `publishing` is called once it is decided. Resolves to whether it published.
 */
export async function publishViews(
  databaseUrl: string,
  schema: string,
  viewsSchema: string,
  { ifCaughtUp = false, publishing }: { ifCaughtUp?: boolean; publishing?: () => void } = {},
): Promise<boolean> {
  let published = false;
  await withClient(databaseUrl, async (client) => {
    await client.query("BEGIN");
    try {
      // One publisher of these views at a time, and the check in the transaction of the swap: a
      // check made before it could pass, then another writer further ahead publish, then this one
      // take the views back to what it has (readers would go back in time). The lock is released
      // by COMMIT or ROLLBACK.
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`kith.views:${viewsSchema}`]);
      if (ifCaughtUp && !(await caughtUpWithViews(client, schema, viewsSchema))) {
        await client.query("ROLLBACK");
        return;
      }
      publishing?.();
      const meta = await client.query<{ app: { table_names: string[]; view_names?: string[] } }>(
        `SELECT value AS app FROM ${quoted(schema)}."_ponder_meta" WHERE key = 'app'`,
      );
      const app = meta.rows[0]?.app;
      if (!app) throw new Error(`schema ${schema} holds no Ponder app: nothing to publish in ${viewsSchema}`);
      const names = [...app.table_names, ...(app.view_names ?? []), "_ponder_meta", "_ponder_checkpoint"];
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted(viewsSchema)}`);
      const existing = await client.query<{ name: string }>(`SELECT viewname AS name FROM pg_views WHERE schemaname = $1`, [viewsSchema]);
      for (const { name } of existing.rows) if (!names.includes(name)) await client.query(`DROP VIEW ${quoted(viewsSchema)}.${quoted(name)}`);
      // Dropped and created, not replaced: CREATE OR REPLACE VIEW cannot change a view's columns.
      for (const name of names) {
        await client.query(`DROP VIEW IF EXISTS ${quoted(viewsSchema)}.${quoted(name)}`);
        await client.query(`CREATE VIEW ${quoted(viewsSchema)}.${quoted(name)} AS SELECT * FROM ${quoted(schema)}.${quoted(name)}`);
      }
      await client.query("COMMIT");
      published = true;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  });
  return published;
}

/** The tables of Ponder's RPC cache (schema ponder_sync) that hold rows per chain. */
const PONDER_SYNC_TABLES = ["blocks", "transactions", "transaction_receipts", "logs", "traces", "rpc_request_results", "intervals", "factory_addresses"];

/**
 * Forgets what Ponder cached for chain `chainId` in the Postgres database `databaseUrl`. Ponder
 * keeps raw blocks and logs in the schema ponder_sync, shared by every schema of the database,
 * keyed by chain id and block number, and never overwrites a row. A new local chain reuses both
 * (and Kith, deployed by the same account, gets the same address), so rows left by an earlier chain
 * would be indexed as this chain's events (one local chain per database at a time); after a reorg
 * deeper than finality, the same holds for the abandoned fork's blocks on any chain.
 */
async function forgetCachedChain(databaseUrl: string, chainId: number): Promise<void> {
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
  await withClient(databaseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`));
}

/** One connection to `databaseUrl` for `work`, closed afterwards. */
async function withClient(databaseUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A server that goes away (stopped, crashed) also emits "error": the pending query rejects with
  // it, and without a listener the event would end this process.
  client.on("error", () => {});
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Ponder 0.17 runs what it calls a transaction on PGlite as separate statements that commit one by
 * one (its query builder calls the callback on the bare connection), so a backfill batch's rows and
 * the checkpoint that says they are indexed do not commit together. An indexer stopped in between
 * (kill -9, a crash, even Ctrl-C during the backfill) leaves rows past its checkpoint, and the next
 * start replays them over themselves ("Primary key conflict", "Followed(a,b) twice"). PGlite itself
 * is crash-safe, Ponder's use of it is not: so the launcher keeps a marker beside the PGlite folder
 * while an indexer runs on it, removes it only after a stop it knows is clean (Ctrl-C once the
 * backfill is done: from then on every block's rows are logged for Ponder's own crash recovery), and
 * rebuilds the index from the chain when it finds the marker of an indexer that is gone.
 */
function uncleanMarker(pgliteDir: string): string {
  return `${pgliteDir}.kith-indexer.json`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function prepareEmbeddedDatabase(pgliteDir: string, log: (line: string) => void): void {
  const marker = uncleanMarker(pgliteDir);
  if (!existsSync(marker)) return;
  const { pid } = JSON.parse(readFileSync(marker, "utf8")) as { pid: number };
  if (isAlive(pid)) throw new Error(`PGlite folder ${pgliteDir} is in use by the indexer with pid ${pid} (${marker}); PGlite serves one process only.`);
  log(`the last indexer on PGlite (${pgliteDir}, pid ${pid}) did not stop cleanly: its tables may hold rows past its checkpoint; rebuilding the index from the chain`);
  rmSync(pgliteDir, { recursive: true, force: true });
  mkdirSync(pgliteDir, { recursive: true });
  rmSync(marker);
}

/**
 * Postgres schemas whose indexer died (kill -9, a crash) under this launcher. Ponder's schema lock
 * is a flag plus a heartbeat in `_ponder_meta`; a dead indexer never clears the flag, so the next one
 * would wait for the heartbeat to expire (25 s, not configurable). The launcher saw the previous
 * process exit, so it clears the flag itself, as Ponder's own shutdown does.
 */
const deadIndexers = new Set<string>();

async function releaseDeadLock(databaseUrl: string, schema: string, log: (line: string) => void): Promise<void> {
  const key = `${databaseUrl} ${schema}`;
  if (!deadIndexers.delete(key)) return;
  await withClient(databaseUrl, async (client) => {
    const meta = `${quoted(schema)}."_ponder_meta"`;
    const found = await client.query(`SELECT to_regclass($1) AS t`, [meta]);
    if (!found.rows[0]?.t) return;
    await client.query(`UPDATE ${meta} SET value = jsonb_set(value, '{is_locked}', to_jsonb(0)) WHERE key = 'app'`);
    log(`released the schema lock ${schema} of the indexer that died (no wait for its heartbeat to expire)`);
  });
}

/**
 * While an indexer that lost Postgres waits to be restarted, its port answers what the API answers
 * when its database is down (indexer/src/api/sql.ts): 503 DATABASE_UNAVAILABLE with Retry-After on
 * /graphql, 503 on /health and /ready.
 */
function answerDatabaseUnavailable(port: number, chainId: number): Promise<{ close(): Promise<void> }> {
  const message = `The index database cannot be reached. Retry in ${RETRY_AFTER_SECONDS} s.`;
  const server = createServer((request, response) => {
    const graphql = request.url?.startsWith("/graphql");
    const body = graphql
      ? {
          errors: [{ message, extensions: { code: "DATABASE_UNAVAILABLE" } }],
          extensions: { kith: { chainId, indexedBlock: null, indexedBlockTimestamp: null, finalizedBlock: null, headBlock: null, lagSeconds: null, stale: true, stalled: null, sqlStatements: 0 } },
        }
      : { ready: false, code: "DATABASE_UNAVAILABLE", message }; // what /ready says (indexer/src/api/probes.ts)
    response.writeHead(503, { "content-type": "application/json", "retry-after": String(RETRY_AFTER_SECONDS) });
    response.end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () =>
      resolve({ close: () => new Promise<void>((done) => server.close(() => done())).then(() => void server.closeAllConnections()) }),
    );
  });
}

/** The environment of a Ponder process (writer or reader) of `options`' chain and database. */
function indexerEnv(
  options: Pick<IndexerOptions, "chainId" | "rpcUrl" | "wsUrl" | "deploymentsDir" | "contentDir" | "contentStore" | "contentPeers" | "databaseUrl" | "env">,
  at: { port: number; schema: string; pgliteDir?: string },
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    KITH_CHAIN_ID: String(options.chainId),
    KITH_RPC_URL: options.rpcUrl,
    KITH_WS_URL: options.wsUrl,
    KITH_DEPLOYMENTS_DIR: options.deploymentsDir,
    KITH_PGLITE_DIR: at.pgliteDir,
    KITH_CONTENT_DIR: options.contentDir ?? path.join(root, "indexer", ".content"),
    KITH_CONTENT_STORE: options.contentStore,
    KITH_CONTENT_PEERS: options.contentPeers?.join(","),
    DATABASE_URL: options.databaseUrl,
    PORT: String(at.port),
    // Ponder reads these from env too: keep the child's own settings explicit.
    DATABASE_SCHEMA: at.schema,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  if (!options.databaseUrl) env.DATABASE_URL = "";
  return env;
}

/** Ponder's CLI on this very Node (>= 22), whatever `node` the PATH would find. */
function ponderArgs(command: "start" | "serve", indexerDir: string | undefined, schema: string, port: number, more: string[] = []): string[] {
  return [
    path.join(root, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js"),
    command,
    "--root",
    path.resolve(indexerDir ?? path.join(root, "indexer")),
    "--schema",
    schema,
    "--port",
    String(port),
    "--log-format",
    "json",
    ...more,
  ];
}

export async function startIndexer(options: IndexerOptions): Promise<Indexer> {
  const log = options.log ?? ((line: string) => console.log(`[kith] ${line}`));
  if (options.databaseUrl && isLocalChain(options.chainId)) await forgetCachedChain(options.databaseUrl, options.chainId);
  const port = options.port ?? (await freePort());
  const schema = options.schema ?? `kith_${randomBytes(4).toString("hex")}`;
  const pgliteDir = path.resolve(options.pgliteDir ?? path.join(root, "indexer", ".ponder", "pglite"));
  if (options.databaseUrl) await releaseDeadLock(options.databaseUrl, schema, log);
  else prepareEmbeddedDatabase(pgliteDir, log);
  const env = indexerEnv(options, { port, schema, pgliteDir });
  const marker = options.databaseUrl ? undefined : uncleanMarker(pgliteDir);
  let cleanStop = false;
  let stopping = false;
  /** While an indexer that lost Postgres is being replaced (see databaseWatch.ts). */
  let restarting: Promise<void> | undefined;
  const exitListeners: ((code: number | null) => void)[] = [];
  const exitedForGood = (code: number | null) => {
    if (!stopping) for (const listener of exitListeners.splice(0)) listener(code);
  };
  const replacements: Indexer["replacements"] = [];
  /** Replaces an indexer that exited with `code` by a new one once `prepare` is done (or gives up). */
  const replace = (exited: Service, code: number | null, reason: string, prepare: () => Promise<void>) => {
    log(reason);
    replacements.push({ code, reason, output: exited.output() });
    restarting = prepare()
      .then(() => {
        service = spawnIndexer();
      })
      .catch((error: Error) => {
        log(error.message);
        exitedForGood(code);
      })
      .finally(() => {
        restarting = undefined;
      });
  };
  /** Meanwhile clients get the API's own answer for a database that is down, not a refused connection. */
  const waitForPostgres = async () => {
    const databaseUrl = options.databaseUrl!;
    const standIn = await answerDatabaseUnavailable(port, options.chainId).catch(() => undefined);
    try {
      await waitFor(() => withClient(databaseUrl, (client) => client.query("SELECT 1")).then(() => true), {
        timeoutMs: 120_000,
        intervalMs: 250,
        describe: () => `Postgres did not come back at ${databaseUrl}`,
      });
    } finally {
      await standIn?.close();
    }
    await releaseDeadLock(databaseUrl, schema, log);
  };
  /** The index and Ponder's cache of the chain, both holding the abandoned fork, go. */
  const rebuildIndex = async () => {
    if (options.databaseUrl) {
      deadIndexers.delete(`${options.databaseUrl} ${schema}`);
      await dropSchema(options.databaseUrl, schema);
      await forgetCachedChain(options.databaseUrl, options.chainId);
    } else {
      rmSync(pgliteDir, { recursive: true, force: true });
      mkdirSync(pgliteDir, { recursive: true });
    }
  };
  const spawnIndexer = (): Service => {
    const started = startService("indexer", process.execPath, ponderArgs("start", options.indexerDir, schema, port), { env, echo: options.echo });
    if (marker) writeFileSync(marker, `${JSON.stringify({ pid: started.process.pid, schema, startedAt: new Date().toISOString() })}\n`);
    started.process.once("exit", (code) => {
      if (cleanStop && code === 0) {
        if (marker) rmSync(marker, { force: true });
        return;
      }
      if (options.databaseUrl) deadIndexers.add(`${options.databaseUrl} ${schema}`);
      if (stopping) return exitedForGood(code);
      // Exit 76 (finality.ts), or a restart after the indexer missed the reorg: Ponder refuses to start.
      if (code === EXIT_DEEP_REORG || (code !== 0 && /Finalized block for chain .{0,80}cannot move backwards/.test(started.output()))) {
        return replace(started, code, "the chain reorganised below the block the indexer took as final: re-indexing from scratch", rebuildIndex);
      }
      if (options.databaseUrl && code === EXIT_DATABASE_LOST) {
        return replace(started, code, "the indexer lost its Postgres connection and exited: restarting it once Postgres answers, from the database's last durable checkpoint", waitForPostgres);
      }
      exitedForGood(code);
    });
    return started;
  };
  let service = spawnIndexer();
  /** For waitFor: a reason once the indexer exited for good (not while it is being replaced). */
  const gone = () => (restarting ? undefined : exitedReason(service)());
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, gone, () => service.output());

  const { databaseUrl, viewsSchema } = options;
  const viewsPublished =
    databaseUrl && viewsSchema
      ? publishViewsWhenCaughtUp(databaseUrl, schema, viewsSchema, { abort: () => (stopping ? "the indexer was stopped" : gone()), log })
      : undefined;
  // Not awaited by everyone: a stop before it happened is not an unhandled rejection.
  viewsPublished?.catch(() => {});

  return {
    url,
    graphqlUrl: `${url}/graphql`,
    schema,
    viewsPublished,
    databaseUrl: options.databaseUrl,
    pgliteDir,
    get service() {
      return service;
    },
    replacements,
    async waitForBlock(blockNumber, timeoutMs = 30_000) {
      await waitFor(
        async () => {
          const status = (await (await fetch(`${url}/status`)).json()) as Record<string, { id: number; block: { number: number } }>;
          const chain = Object.values(status).find((entry) => entry.id === options.chainId);
          if (!chain || chain.block.number < Number(blockNumber)) return undefined;
          // The API reads the indexed block on its own timer (freshness.ts): wait until its answers say so too.
          const answer = await postGraphQL(url, "{ _meta { indexedBlock } }").catch(() => undefined);
          const indexed = answer?.data?._meta?.indexedBlock;
          return typeof indexed === "string" && BigInt(indexed) >= BigInt(blockNumber) ? true : undefined;
        },
        { timeoutMs, intervalMs: 25, abort: gone, describe: () => `the indexer did not reach block ${blockNumber}\n${service.output()}` },
      );
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    request: (query, variables) => postGraphQL(url, query, variables),
    async stop({ keepSchema = false } = {}) {
      // On PGlite a stop is clean only once the backfill is done (see uncleanMarker).
      stopping = true;
      await restarting;
      cleanStop = options.databaseUrl !== undefined || (await fetch(`${url}/ready`).then((r) => r.ok, () => false));
      await service.stop();
      if (options.dropSchemaOnStop && !keepSchema && options.databaseUrl) await dropSchema(options.databaseUrl, schema);
    },
  };
}

/**
 * A read replica of the API: `ponder serve` on a writer's views schema. It runs the same app
 * (indexer/src/api) with Ponder's read-only connections and indexes nothing, so any number of them
 * serve one writer's index; when a new writer (a redeploy) becomes ready, Ponder points the views
 * at its tables and every reader serves them, with no restart.
 */
export async function startReader(options: ReaderOptions): Promise<Reader> {
  const port = options.port ?? (await freePort());
  const env = indexerEnv(options, { port, schema: options.viewsSchema });
  const service = startService("reader", process.execPath, ponderArgs("serve", options.indexerDir, options.viewsSchema, port), { env, echo: options.echo });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, exitedReason(service), () => service.output());
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    port,
    schema: options.viewsSchema,
    service,
    request: (query, variables) => postGraphQL(url, query, variables),
    stop: () => service.stop(),
  };
}
