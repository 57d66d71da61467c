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
import { oncePerProcess } from "./oncePerProcess";

export function exitWhenDatabaseIsLost(databaseUrl: string): void {
  if (!oncePerProcess("databaseWatch")) return;
  const lost = (reason: string) => {
    console.error(JSON.stringify({ level: 50, time: Date.now(), msg: "Lost the connection to Postgres: exiting, a restart resumes from its last durable checkpoint", reason }));
    process.exit(EXIT_DATABASE_LOST);
  };
  // Only a connection that was up and dropped means the database went away: one that cannot be
  // opened (no connection slot to spare, 53300, while Ponder opens its pools) is tried again.
  const connect = (attempt: number) => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: "kith_database_watch", keepAlive: true });
    client.connect().then(
      () => {
        client.on("error", (error) => lost(error.message));
        client.on("end", () => lost("connection ended"));
      },
      (error: Error) => {
        if (attempt >= CONNECT_ATTEMPTS) return lost(`no watch connection after ${attempt} attempts: ${error.message}`);
        setTimeout(() => connect(attempt + 1), 1_000).unref();
      },
    );
    client.on("error", () => {}); // before connect() settles: handled there
  };
  connect(1);
}

/** A watch connection that cannot be opened this many times, a second apart, counts as lost. */
const CONNECT_ATTEMPTS = 30;
