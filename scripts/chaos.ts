// `npm run chaos`: every reliability scenario (test/chaos/scenarios.ts) on PGlite and, with
// KITH_TEST_DATABASE_URL (or --postgres URL), on Postgres; prints a table and writes
// bench/results/chaos-<time>.json and chaos-latest.json. Exits non-zero when a scenario fails.
//   npm run chaos -- [--only <substring>] [--postgres <url>]
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { type ChaosResult, runScenario, SCENARIOS } from "../test/chaos/scenarios.ts";

const { values: args } = parseArgs({ options: { only: { type: "string" }, postgres: { type: "string" } } });
const databaseUrl = args.postgres ?? process.env.KITH_TEST_DATABASE_URL;
const root = path.resolve(import.meta.dirname, "..");
const started = Date.now();

const results: ChaosResult[] = [];
for (const scenario of SCENARIOS.filter((s) => !args.only || s.name.includes(args.only))) {
  for (const database of scenario.databases) {
    if (database === "Postgres" && !databaseUrl) {
      console.log(`[chaos] SKIPPED on Postgres (no KITH_TEST_DATABASE_URL or --postgres): ${scenario.name}`);
      continue;
    }
    console.log(`[chaos] ${scenario.name} on ${database} ...`);
    const result = await runScenario(scenario, database, databaseUrl);
    console.log(`[chaos]   ${result.ok ? "pass" : "FAIL"} in ${result.seconds} s: ${result.detail}`);
    results.push(result);
  }
}

const lines = ["| Scenario | Database | Result | Blocks | Tables | Rows | Seconds | Detail |", "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |"];
for (const r of results) lines.push(`| ${r.scenario} | ${r.database} | ${r.ok ? "pass" : "**FAIL**"} | ${r.blocks} | ${r.tables} | ${r.rows} | ${r.seconds} | ${r.detail} |`);
console.log(`\n${lines.join("\n")}\n`);
const passed = results.filter((r) => r.ok).length;
console.log(`${passed} passed, ${results.length - passed} failed (${Math.round((Date.now() - started) / 1000)} s)`);

const dir = path.join(root, "bench", "results");
mkdirSync(dir, { recursive: true });
const record = { name: "chaos", at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, seconds: Math.round((Date.now() - started) / 1000), results };
const json = `${JSON.stringify(record, null, 2)}\n`;
writeFileSync(path.join(dir, `chaos-${record.at.replaceAll(":", "-")}.json`), json);
writeFileSync(path.join(dir, "chaos-latest.json"), json);
process.exit(passed === results.length ? 0 : 1);
