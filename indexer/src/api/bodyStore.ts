// Where post bodies and metadata documents are kept (KITH_CONTENT_STORE): files in a folder
// (`files`, the default, KITH_CONTENT_DIR), or a table of the indexer's own Postgres database
// (`postgres`). Neither is the Ponder schema: bodies outlive re-indexing, and on Postgres every
// indexer of the database shares them, whatever schema it indexes into, so replicas and a re-index
// serve what any of them stored. The store only keeps bytes; content.ts decides what may be stored.
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

import pg from "pg";

export interface BodyStore {
  /** What the indexer says at start about where bodies are (README: "Bodies: where they are kept"). */
  readonly description: string;
  /** Whether other indexers write to it too (a body may appear here without this indexer storing it). */
  readonly shared: boolean;
  /** The bytes stored under `digest`, or null. */
  read(digest: `0x${string}`): Promise<Uint8Array | null>;
  /** Which of `digests` are not stored. */
  missing(digests: readonly `0x${string}`[]): Promise<`0x${string}`[]>;
  /** Stores `bytes` (already checked against `digest`): false when they were already stored. */
  write(digest: `0x${string}`, bytes: Uint8Array): Promise<boolean>;
  /**
   * Whether this process is the one that fills the store from peers (contentFill.ts): always for
   * a store of its own; for a shared one, the one process that holds its lock (the others would
   * ask the peers for the same bodies and store them again), until that process or its connection
   * goes, when another takes it at its next tick.
   */
  fills(): Promise<boolean>;
}

/** One file per body, `<dir>/<first two hex digits>/<digest without 0x>`. */
export function fileBodyStore(dir: string): BodyStore {
  const fileOf = (digest: string) => path.join(dir, digest.slice(2, 4), digest.slice(2));
  const exists = (file: string) => stat(file).then(() => true, () => false);
  return {
    description: `files under ${dir}`,
    shared: false,
    fills: async () => true,
    async read(digest) {
      // Only a missing file is a missing body; any other failure (EIO, EACCES, a folder in its place)
      // is the store failing, which the caller must not report as "not uploaded".
      const body = await readFile(fileOf(digest)).catch((failure: NodeJS.ErrnoException) => {
        if (failure.code === "ENOENT" || failure.code === "ENOTDIR") return null;
        throw failure;
      });
      return body && new Uint8Array(body);
    },
    async missing(digests) {
      const found = await Promise.all(digests.map((digest) => exists(fileOf(digest))));
      return digests.filter((_, i) => !found[i]);
    },
    async write(digest, bytes) {
      const file = fileOf(digest);
      if (await exists(file)) return false;
      // Write then rename: a reader never sees half a file.
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, file);
      return true;
    },
  };
}

/** The schema bodies live in on Postgres: never a Ponder schema, so no re-index drops it. */
export const CONTENT_SCHEMA = "kith_content";

/**
 * A table in the indexer's own database, through a small pool of its own: Ponder's read-only pool
 * serves GraphQL, and a body upload must not wait behind feed queries (nor hold one of their slots).
 */
export function postgresBodyStore(databaseUrl: string): BodyStore {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    application_name: "kith_content",
    max: 4,
    // A statement on one row by its primary key: anything slower is a database in trouble.
    statement_timeout: 5_000,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection the server drops emits "error" on the pool; the next query opens another.
  pool.on("error", () => {});
  let ready: Promise<void> | undefined;
  /**
   * Creates the schema and table once per process. Two indexers starting together would race on
   * CREATE ... IF NOT EXISTS (which is not atomic in Postgres: one fails on a unique index of the
   * catalog), so both take the same transaction-scoped advisory lock first.
   */
  const prepare = () =>
    (ready ??= (async () => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [CONTENT_SCHEMA]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${CONTENT_SCHEMA}`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${CONTENT_SCHEMA}.body (digest bytea PRIMARY KEY, bytes bytea NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())`,
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      ready = undefined; // the next call tries again (Postgres may have been restarting)
      throw error;
    }));
  const key = (digest: `0x${string}`) => Buffer.from(digest.slice(2), "hex");
  /** The fill's lock: a session-level advisory lock on a connection of its own, held until it closes. */
  let filler: { client: pg.Client; holds: boolean } | undefined;
  const fills = async () => {
    if (filler?.holds) return true;
    if (!filler) {
      const client = new pg.Client({ connectionString: databaseUrl, application_name: "kith_content_fill", statement_timeout: 5_000, connectionTimeoutMillis: 5_000 });
      const lost = () => {
        if (filler?.client === client) filler = undefined;
      };
      client.on("error", lost);
      client.on("end", lost);
      filler = { client, holds: false };
      try {
        await client.connect();
      } catch {
        lost();
        return false;
      }
    }
    const current = filler;
    try {
      const { rows } = await current.client.query<{ held: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held", [`${CONTENT_SCHEMA}.fill`]);
      current.holds = rows[0]?.held === true;
    } catch {
      if (filler === current) filler = undefined;
      current.client.end().catch(() => {});
      return false;
    }
    return current.holds;
  };
  const run = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    await prepare();
    return pool.query<R>(text, values);
  };
  return {
    description: `table ${CONTENT_SCHEMA}.body of the indexer's Postgres database`,
    shared: true,
    fills,
    async read(digest) {
      const { rows } = await run<{ bytes: Buffer }>(`SELECT bytes FROM ${CONTENT_SCHEMA}.body WHERE digest = $1`, [key(digest)]);
      return rows[0] ? new Uint8Array(rows[0].bytes) : null;
    },
    async missing(digests) {
      if (digests.length === 0) return [];
      const { rows } = await run<{ digest: Buffer }>(`SELECT digest FROM ${CONTENT_SCHEMA}.body WHERE digest = ANY($1::bytea[])`, [digests.map(key)]);
      const stored = new Set(rows.map((row) => `0x${row.digest.toString("hex")}`));
      return digests.filter((digest) => !stored.has(digest));
    },
    async write(digest, bytes) {
      const { rowCount } = await run(`INSERT INTO ${CONTENT_SCHEMA}.body (digest, bytes) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [key(digest), Buffer.from(bytes)]);
      return rowCount === 1;
    },
  };
}

/** The store KITH_CONTENT_STORE names; a value it cannot serve stops the indexer with a message saying why. */
export function bodyStoreFromEnv(env: NodeJS.ProcessEnv = process.env): BodyStore {
  const kind = env.KITH_CONTENT_STORE || "files";
  if (kind === "files") return fileBodyStore(path.resolve(env.KITH_CONTENT_DIR ?? ".kith-content"));
  if (kind === "postgres") {
    if (!env.DATABASE_URL) {
      throw new Error(
        "KITH_CONTENT_STORE=postgres keeps bodies in the indexer's Postgres database, and this indexer runs on PGlite (DATABASE_URL is not set): set DATABASE_URL, or use KITH_CONTENT_STORE=files",
      );
    }
    return postgresBodyStore(env.DATABASE_URL);
  }
  throw new Error(`KITH_CONTENT_STORE must be "files" or "postgres", got "${kind}"`);
}
