// Publishing the views readers serve (scripts/lib/indexer.ts publishViews): a writer takes the
// views only if it is as far as they show when it swaps them, not when it looked a moment before.
// Schemas shaped like Ponder's (_ponder_meta, _ponder_checkpoint, one table), on Postgres.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import pg from "pg";

import { dropSchema, publishViews, publishViewsWhenCaughtUp } from "../../scripts/lib/indexer.ts";
import { waitFor } from "../../scripts/lib/processes.ts";
import { skipWithoutPostgres } from "./stack.ts";

const databaseUrl = process.env.KITH_TEST_DATABASE_URL;
const prefix = `kith_views_${randomBytes(3).toString("hex")}`;
const [OLD, BEHIND, AHEAD, VIEWS] = ["old", "behind", "ahead", "views"].map((name) => `${prefix}_${name}`) as [string, string, string, string];

/** A ready writer's schema at `checkpoint` whose one table says which schema it is. */
async function writerSchema(client: pg.Client, schema: string, checkpoint: string): Promise<void> {
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.query(`CREATE TABLE "${schema}"."_ponder_meta" (key text PRIMARY KEY, value jsonb)`);
  await client.query(`INSERT INTO "${schema}"."_ponder_meta" VALUES ('app', '{"is_ready": 1, "table_names": ["post"]}')`);
  await client.query(`CREATE TABLE "${schema}"."_ponder_checkpoint" (chain_name text, latest_checkpoint text)`);
  await client.query(`INSERT INTO "${schema}"."_ponder_checkpoint" VALUES ('anvil', $1)`, [checkpoint]);
  await client.query(`CREATE TABLE "${schema}"."post" (shows text)`);
  await client.query(`INSERT INTO "${schema}"."post" VALUES ($1)`, [schema]);
}

describe("publishing the views", { skip: skipWithoutPostgres("the views publishing test") }, () => {
  const client = new pg.Client({ connectionString: databaseUrl });
  const shown = async () => (await client.query<{ shows: string }>(`SELECT shows FROM "${VIEWS}"."post"`)).rows[0]?.shows;

  before(async () => {
    await client.connect();
    await writerSchema(client, OLD, "100");
    await writerSchema(client, BEHIND, "150");
    await writerSchema(client, AHEAD, "200");
  });
  after(async () => {
    for (const schema of [OLD, BEHIND, AHEAD, VIEWS]) await dropSchema(databaseUrl!, schema);
    await client.end();
  });

  it("a writer that was as far as the views when it looked, but is behind once another writer published, does not take them", async () => {
    await publishViews(databaseUrl!, OLD, VIEWS);
    assert.equal(await shown(), OLD);
    // Another publisher (the AHEAD writer's launcher) is in the middle of its swap: it holds the
    // publishers' lock and the first view, and has not yet repointed the checkpoint's view.
    const other = new pg.Client({ connectionString: databaseUrl });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`kith.views:${VIEWS}`]);
      await other.query(`DROP VIEW "${VIEWS}"."post"`);
      await other.query(`CREATE VIEW "${VIEWS}"."post" AS SELECT * FROM "${AHEAD}"."post"`);
      // BEHIND (150) is as far as what the views show now (OLD, 100).
      let stop = false;
      const behind = publishViewsWhenCaughtUp(databaseUrl!, BEHIND, VIEWS, { abort: () => (stop ? "the test is over" : undefined), log: () => {} });
      behind.catch(() => {});
      await waitFor(
        async () => {
          const { rows } = await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND (locktype = 'advisory' OR relation = to_regclass($1))`,
            [`"${VIEWS}"."post"`],
          );
          return rows[0]!.n > 0 ? true : undefined;
        },
        { timeoutMs: 10_000, describe: () => "the BEHIND writer's launcher never waited for the other publisher" },
      );
      for (const name of ["_ponder_checkpoint", "_ponder_meta"]) {
        await other.query(`DROP VIEW "${VIEWS}"."${name}"`);
        await other.query(`CREATE VIEW "${VIEWS}"."${name}" AS SELECT * FROM "${AHEAD}"."${name}"`);
      }
      await other.query("COMMIT");
      // AHEAD (200) is published; BEHIND (150) must not take the views back.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      stop = true;
      await assert.rejects(behind, /the test is over/);
      assert.equal(await shown(), AHEAD);
    } finally {
      await other.end();
    }
  });

  it("a writer as far as the views takes them, and one behind is told so (false), the views unchanged", async () => {
    assert.equal(await publishViews(databaseUrl!, BEHIND, VIEWS, { ifCaughtUp: true }), false);
    assert.equal(await shown(), AHEAD);
    await client.query(`UPDATE "${BEHIND}"."_ponder_checkpoint" SET latest_checkpoint = '200'`);
    assert.equal(await publishViews(databaseUrl!, BEHIND, VIEWS, { ifCaughtUp: true }), true);
    assert.equal(await shown(), BEHIND);
  });
});
