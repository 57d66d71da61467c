// Benchmark output: a table on stdout, and JSON in bench/results/<name>-<timestamp>.json plus
// bench/results/<name>-latest.json (the one to compare against). <name> is the benchmark's, with
// the data set size appended unless it is the large one (indexer-small, graphql-small).
import { cpus, totalmem } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { gitCommit } from "../../scripts/lib/deploy.ts";

const resultsDir = path.resolve(import.meta.dirname, "..", "results");

/** Prints a Markdown table (pastes into issues and the README as is). */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const right = headers.map((_, column) => rows.some((row) => typeof row[column] === "number" || /^[\d,.]+( ?(ms|s|x|%))?$/.test(String(row[column]))));
  console.log(`| ${headers.join(" | ")} |`);
  console.log(`| ${headers.map((_, i) => (right[i] ? "---:" : "---")).join(" | ")} |`);
  for (const row of rows) console.log(`| ${row.map((cell) => (typeof cell === "number" ? number(cell) : cell)).join(" | ")} |`);
}

/** 12,345 for integers, 3 significant decimals below 100. */
export function number(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (Math.abs(value) >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString("en-US");
  return value.toFixed(value < 10 ? 2 : 1);
}

/** Where and on what this run happened: results are only comparable on the same machine. */
function environment() {
  return {
    commit: gitCommit(),
    node: process.version,
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? "?"}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}

/** Writes `<name>-<timestamp>.json` and `<name>-latest.json`; returns the first one's path. */
export function writeResults(name: string, result: object): string {
  mkdirSync(resultsDir, { recursive: true });
  const at = new Date();
  const stamp = at.toISOString().replace(/[:.]/g, "-");
  const json = `${JSON.stringify({ name, at: at.toISOString(), environment: environment(), ...result }, null, 2)}\n`;
  const file = path.join(resultsDir, `${name}-${stamp}.json`);
  writeFileSync(file, json);
  writeFileSync(path.join(resultsDir, `${name}-latest.json`), json);
  return file;
}
