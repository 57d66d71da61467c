// The part of the reliability suite (`npm run chaos`, test/chaos/) that runs in `npm test`: a reorg
// whose transactions are re-included in later blocks, a reorg deeper than the finalized block (the
// indexer exits and the launcher re-indexes), and a stalled indexer (/ready 503). (kill -9 on each database and Postgres crashes
// are in crash.test.ts.) It ends with every Kith table equal to a fresh index of the same chain and a
// clean counter oracle.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { type Database, runScenario, SCENARIOS } from "../chaos/scenarios.ts";

const databaseUrl = process.env.KITH_TEST_DATABASE_URL;
const SUBSET: [name: string, database: Database][] = [
  ["reorg depth 3 (re-included later)", "PGlite"],
  ["reorg depth 3 (re-included later)", "Postgres"],
  ["reorg deeper than the finalized block (indexer running)", "PGlite"],
  ["reorg deeper than the finalized block (indexer stopped)", "Postgres"],
  ["indexer stalled (eth_getLogs hanging) while the head moves", "PGlite"],
];

describe("reliability: a subset of npm run chaos", () => {
  for (const [name, database] of SUBSET) {
    const scenario = SCENARIOS.find((s) => s.name === name);
    const skip = database === "Postgres" && !databaseUrl ? "KITH_TEST_DATABASE_URL is not set: the Postgres chaos run is SKIPPED (`.ci/run` sets it)" : false;
    it(`${name} on ${database}: every table equals a fresh index, the oracle finds nothing`, { skip }, async () => {
      assert.ok(scenario, `no chaos scenario named "${name}"`);
      const result = await runScenario(scenario, database, databaseUrl);
      assert.equal(result.detail, "every table equal to a fresh index; oracle clean");
      assert.ok(result.ok && result.rows > 0, JSON.stringify(result));
    });
  }
});
