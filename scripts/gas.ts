// `npm run gas`: measures every action's gas on the in-process chain, prints the table, writes it
// into README.md and bench/results/gas.json, and the relayer's gas limits into relayer/gasTable.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { network } from "hardhat";

import { measureGas, relayGasTable, renderGasTable, withGeneratedTables } from "./lib/gas.ts";

const root = path.resolve(import.meta.dirname, "..");
const rows = await measureGas(await network.create());
const table = renderGasTable(rows);
console.log(table);

const readmeFile = path.join(root, "README.md");
writeFileSync(readmeFile, withGeneratedTables(readFileSync(readmeFile, "utf8"), rows));
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(
  path.join(root, "bench", "results", "gas.json"),
  `${JSON.stringify(rows.map(({ relay: _, ...row }) => ({ ...row, gas: Number(row.gas), target: row.target && Number(row.target) })), null, 2)}\n`,
);
writeFileSync(path.join(root, "relayer", "gasTable.json"), `${JSON.stringify(relayGasTable(rows), null, 2)}\n`);
console.log("\nUpdated README.md, bench/results/gas.json and relayer/gasTable.json");
