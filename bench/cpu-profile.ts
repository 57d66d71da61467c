// `npm run bench:profile -- FILE.cpuprofile --requests N`: where a server's CPU time goes, per request.
//
// Reads a V8 CPU profile (`node --cpu-prof`, written when the process exits; for the API:
// NODE_OPTIONS="--cpu-prof --cpu-prof-dir=DIR" before `ponder serve`, then SIGINT) and sorts every
// busy sample (not idle) into the layer of the nearest JavaScript frame on its stack ("other
// JavaScript" when that frame's script is in none): native work (writev, JSON, parsing) counts
// toward the code that called it. A sample with module loading anywhere on its stack is start-up,
// counted apart and left out of the per-request figures (a file read at run time is not). With --requests (how many the
// load answered while the profile ran) each layer is also given in CPU ms per request.
// Prints a table and writes bench/results/cpu-profile-<time>.json.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

import { writeResults } from "./lib/results.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const STARTUP = "start-up (module loading)";
/** Scripts that load modules: a sample with one of them anywhere on its stack is start-up. */
const MODULE_LOADING = /node_modules\/(vite|vite-node|rollup|esbuild|tsx|vite-tsconfig-paths|tsconfck)\/|^node:internal\/modules\//;
/** Layers, first match wins; tested against a frame's script URL. */
const LAYERS: [name: string, test: RegExp][] = [
  ["GraphQL (yoga, envelop, executor, graphql-js)", /graphql-yoga|@envelop\/|@graphql-tools\/|node_modules\/graphql\/|@escape\.tech\//],
  ["Fetch API objects (whatwg-node, undici, web streams)", /@whatwg-node\/|undici|webstreams/],
  ["database driver (pg, drizzle, Ponder)", /node_modules\/(pg|pg-protocol|pg-pool|pg-types|drizzle-orm|ponder|@electric-sql)\//],
  ["Kith sql.ts", /indexer\/src\/api\/sql\.ts/],
  ["Kith resolvers, loaders, limits, cache", /indexer\/src\/|node_modules\/dataloader\//],
  ["HTTP server, streams, event loop", /hono|node:_http|node:net|streams|stream_base|node:events|node:buffer|task_queues|timers|node:internal\/(url|buffer|event_target|abort_controller)/],
];

const { values: args, positionals } = parseArgs({
  options: { requests: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
  allowPositionals: true,
});
if (args.help || positionals.length !== 1) {
  console.log("Usage: npm run bench:profile -- FILE.cpuprofile [--requests N]");
  process.exit(args.help ? 0 : 2);
}
const requests = args.requests === undefined ? undefined : Number(args.requests);
if (requests !== undefined && !(Number.isInteger(requests) && requests > 0)) {
  console.error(`--requests must be a positive integer, not ${args.requests}`);
  process.exit(2);
}

const profile = JSON.parse(readFileSync(positionals[0]!, "utf8")) as CpuProfile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

/** Each node's layer, once: a node's stack is the same in every sample that ends in it. */
const layers = new Map<number, string>();
function layerOf(leaf: number): string {
  let layer = layers.get(leaf);
  if (layer !== undefined) return layer;
  for (let id: number | undefined = leaf; id !== undefined; id = parents.get(id)) {
    const { url } = nodes.get(id)!.callFrame;
    if (MODULE_LOADING.test(url)) {
      layer = STARTUP;
      break;
    }
    if (url && layer === undefined) layer = LAYERS.find(([, test]) => test.test(url))?.[0] ?? "other JavaScript";
  }
  layer ??= "native, no JavaScript caller";
  layers.set(leaf, layer);
  return layer;
}

const microseconds = new Map<string, number>();
let busy = 0;
profile.samples.forEach((id, i) => {
  const name = nodes.get(id)!.callFrame.functionName;
  if (name === "(idle)" || name === "(program)") return;
  const t = profile.timeDeltas[i] ?? 0;
  const layer = name === "(garbage collector)" ? "garbage collector" : layerOf(id);
  microseconds.set(layer, (microseconds.get(layer) ?? 0) + t);
  busy += t;
});
const startup = microseconds.get(STARTUP) ?? 0;
microseconds.delete(STARTUP);
const serving = busy - startup;

const rows = [...microseconds]
  .sort((a, b) => b[1] - a[1])
  .map(([layer, us]) => ({
    layer,
    cpuMs: Math.round(us / 1000),
    share: us / serving,
    msPerRequest: requests ? us / 1000 / requests : undefined,
  }));
const ms = (n: number | undefined) => (n === undefined ? "" : n.toFixed(3));
console.log(`\nCPU of ${positionals[0]}: ${(busy / 1e6).toFixed(1)} s busy, of which ${(startup / 1e6).toFixed(1)} s module loading at start (left out below)`);
console.log(`\n| Layer | CPU ms | Share | CPU ms/request |\n| --- | ---: | ---: | ---: |`);
for (const row of rows) console.log(`| ${row.layer} | ${row.cpuMs.toLocaleString("en-US")} | ${(100 * row.share).toFixed(1)}% | ${ms(row.msPerRequest)} |`);
console.log(`| all but start-up | ${Math.round(serving / 1000).toLocaleString("en-US")} | 100% | ${ms(requests ? serving / 1000 / requests : undefined)} |`);
const file = writeResults("cpu-profile", { profile: positionals[0], requests, busyMs: busy / 1000, startupMs: startup / 1000, layers: rows });
console.log(`\nwrote ${file}`);
