// `npm run bench:validation`: what a query built to be expensive to validate costs.
//
//   npm run bench:validation -- [--fields 1985] [--runs 20] [--graphql URL]
//
// The query is issue 9's: `{ profile(handle: "alice") { id id id ... } }` with --fields ids (6 KB
// at 1,985), which passes the depth, alias, token and complexity limits. graphql-js's
// OverlappingFieldsCanBeMerged compares the fields of a selection set pairwise.
// - In process: graphql-js's `validate()` with the API's schema (indexer/src/api/typeDefs.ts) and
//   the specified rules, a distinct text each run (yoga caches validation per text): the graphql
//   version this repository installs, median and max of --runs.
// - With --graphql (a running indexer): 10 copies with distinct comments sent at once beside a
//   `{ _meta { chainId } }`, as an attacker would; how long each took and what came back.
import { parseArgs } from "node:util";

import { buildSchema, parse, validate, version } from "graphql";

import { typeDefs } from "../indexer/src/api/typeDefs.ts";
import { number, printTable, writeResults } from "./lib/results.ts";

const { values: args } = parseArgs({
  options: {
    fields: { type: "string", default: "1985" },
    runs: { type: "string", default: "20" },
    graphql: { type: "string" },
  },
});
const fields = Number(args.fields);
const runs = Number(args.runs);
const hostile = (copy: number) => `# copy ${copy}\n{ profile(handle: "alice") { ${"id ".repeat(fields)}} }`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const schema = buildSchema(typeDefs);
const validateMs: number[] = [];
let verdict = "";
for (let run = 0; run < runs; run++) {
  const document = parse(hostile(run));
  const started = performance.now();
  const errors = validate(schema, document);
  validateMs.push(performance.now() - started);
  verdict = errors.length === 0 ? "valid" : errors.map((e) => e.message).join("; ");
}
console.log(`\ngraphql ${version}, ${hostile(0).length} bytes, ${fields} fields, validate() over ${runs} distinct texts:\n`);
printTable(["graphql", "Median ms", "Max ms", "Verdict"], [[version, number(median(validateMs)), number(Math.max(...validateMs)), verdict]]);

let api: { metaMs: number; copiesMs: number[]; answers: string[] } | undefined;
if (args.graphql) {
  const send = async (query: string) => {
    const started = performance.now();
    const response = await fetch(args.graphql!, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    const json = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return { ms: performance.now() - started, answer: `${response.status} ${json.errors?.[0]?.extensions?.code ?? "data"}` };
  };
  const [meta, ...copies] = await Promise.all([send("{ _meta { chainId } }"), ...Array.from({ length: 10 }, (_, i) => send(hostile(runs + i)))]);
  api = { metaMs: meta!.ms, copiesMs: copies.map((c) => c.ms), answers: [...new Set(copies.map((c) => c.answer))] };
  console.log(`\n${args.graphql}: 10 distinct copies at once beside a _meta query:\n`);
  printTable(
    ["_meta ms", "Copies median ms", "Copies max ms", "Copies answered"],
    [[number(api.metaMs), number(median(api.copiesMs)), number(Math.max(...api.copiesMs)), api.answers.join(", ")]],
  );
}
writeResults("validation", { graphql: version, fields, bytes: hostile(0).length, runs, validateMs, verdict, api });
