// Postgres for benchmarks: one fresh database per run. A fresh schema is not enough: Ponder keeps
// its RPC cache in the database-wide `ponder_sync` schema, keyed by chain id and block number, so a
// second run would read the first one's cache (no RPC work to measure), and a run after another
// local chain 31337 (the end-to-end tests use the same chain id and addresses) would read that
// chain's blocks and logs as if they were this one's.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

let baseUrl: { url: string | undefined } | undefined;

/**
 * KITH_BENCH_DATABASE_URL, else whatever `.ci/postgres.sh` sets up (it starts the local server).
 * Asked once per process.
 */
export function benchDatabaseUrl(log: (line: string) => void): string | undefined {
  baseUrl ??= { url: findDatabaseUrl(log) };
  return baseUrl.url;
}

function findDatabaseUrl(log: (line: string) => void): string | undefined {
  if (process.env.KITH_BENCH_DATABASE_URL) return process.env.KITH_BENCH_DATABASE_URL;
  try {
    const output = execFileSync(path.join(root, ".ci", "postgres.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return output.trim().split("\n").at(-1);
  } catch (error) {
    log(`no Postgres: .ci/postgres.sh failed (${(error as Error).message.split("\n")[0]}); set KITH_BENCH_DATABASE_URL`);
    return undefined;
  }
}

function psql(url: string, statement: string): void {
  execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement], { stdio: ["ignore", "pipe", "pipe"] });
}

interface FreshDatabase {
  url: string;
  name: string;
  drop(): void;
}

/**
 * Creates an empty database next to the one `baseUrl` names (its role needs CREATEDB) and returns
 * its URL. Needs `psql` on the PATH.
 */
function freshDatabase(baseUrl: string): FreshDatabase {
  const name = `kith_bench_${randomBytes(4).toString("hex")}`;
  try {
    psql(baseUrl, `CREATE DATABASE ${name}`);
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim();
    const role = new URL(baseUrl).username;
    throw new Error(
      `Cannot create a database for the benchmark: ${stderr}\n` +
        `Give the role the right once, e.g. su postgres -c "psql -c 'ALTER ROLE ${role} CREATEDB'", ` +
        "or point KITH_BENCH_DATABASE_URL at a role that has it.",
    );
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => psql(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Where one indexer run keeps its data: a fresh Postgres database or a fresh PGlite folder. */
export interface BenchDatabase {
  /** For startIndexer's databaseUrl (Postgres) ... */
  databaseUrl?: string;
  /** ... or its pgliteDir (PGlite). */
  pgliteDir?: string;
  /** The Postgres database's name. */
  name?: string;
  /** Drops the database or deletes the folder. */
  drop(): void;
  /**
   * Gathers the planner's statistics now (ANALYZE), as autovacuum would within a minute or so of the
   * writes: a load right after a short backfill is otherwise planned on tables Postgres thinks
   * empty. Nothing to do on PGlite.
   */
  analyze(): void;
}

export function benchDatabase(kind: "postgres" | "pglite", log: (line: string) => void): BenchDatabase {
  if (kind === "pglite") {
    const pgliteDir = mkdtempSync(path.join(tmpdir(), "kith-bench-pglite-"));
    return { pgliteDir, drop: () => rmSync(pgliteDir, { recursive: true, force: true }), analyze: () => {} };
  }
  const url = benchDatabaseUrl(log);
  if (!url) throw new Error("no Postgres available (set KITH_BENCH_DATABASE_URL, or use --db pglite)");
  const fresh = freshDatabase(url);
  return { databaseUrl: fresh.url, name: fresh.name, drop: fresh.drop, analyze: () => psql(fresh.url, "ANALYZE") };
}
