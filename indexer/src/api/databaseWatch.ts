// Fail-stop on a lost Postgres connection. When Postgres goes away under a transaction's COMMIT
// (a crash, a restart, a dropped link), Ponder 0.17 retries the block or backfill batch with its
// in-memory row cache still holding what the failed attempt wrote: the handlers then take those
// rows as already indexed (a post "posted twice" is skipped, a follow trips "Followed twice"), and
// the retry commits without them. So the indexer exits at once, before Ponder's first retry (125 ms
// later, and Postgres answers no sooner than its crash recovery), with the exit code the launcher
// (scripts/lib/indexer.ts) restarts on; the new process resumes from the database's last durable
// checkpoint, where Ponder's crash recovery reverts every unfinalized block.
import pg from "pg";

import { EXIT_DATABASE_LOST } from "./exitCodes";

const watching = Symbol.for("kith.databaseWatch");

export function exitWhenDatabaseIsLost(databaseUrl: string): void {
  const global = globalThis as { [watching]?: boolean };
  if (global[watching]) return; // `ponder dev` evaluates this module again on every change
  global[watching] = true;
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "kith_database_watch", keepAlive: true });
  const lost = (reason: string) => {
    console.error(JSON.stringify({ level: 50, time: Date.now(), msg: "Lost the connection to Postgres: exiting, a restart resumes from its last durable checkpoint", reason }));
    process.exit(EXIT_DATABASE_LOST);
  };
  client.on("error", (error) => lost(error.message));
  client.on("end", () => lost("connection ended"));
  client.connect().catch((error: Error) => lost(error.message));
}
