// `npm run replicas`: the two steps of running read replicas that are Kith's, not Ponder's
// (README, "Run it in production").
//
//   npm run replicas -- publish --postgres URL --schema kith_v2 [--views-schema kith]
//     Waits until the writer indexing into kith_v2 is ready and as far as the views show, then
//     points the views at its tables in one transaction (every reader serves them from then on).
//   npm run replicas -- proxy [--port 42069] http://reader-1:42069 http://reader-2:42069 ...
//     One URL over the readers: round-robin over those whose /ready answers 200, a failed read
//     retried on another (scripts/lib/readProxy.ts).
import { parseArgs } from "node:util";

import { publishViewsWhenCaughtUp } from "./lib/indexer.ts";
import { untilInterrupted } from "./lib/processes.ts";
import { startReadProxy } from "./lib/readProxy.ts";

const USAGE = `Usage:
  npm run replicas -- publish --postgres URL --schema WRITER_SCHEMA [--views-schema kith]
  npm run replicas -- proxy [--port 42069] READER_URL...`;

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    postgres: { type: "string" },
    schema: { type: "string" },
    "views-schema": { type: "string", default: "kith" },
    port: { type: "string", default: "42069" },
    help: { type: "boolean", short: "h", default: false },
  },
});
const [command, ...urls] = positionals;
const log = (line: string) => console.log(`[kith] ${line}`);
const fail = (message: string): never => {
  console.error(`[kith] ${message}\n${USAGE}`);
  process.exit(2);
};

if (args.help) {
  console.log(USAGE);
} else if (command === "publish") {
  if (!args.postgres || !args.schema) fail("publish needs --postgres URL and --schema (the new writer's schema)");
  await publishViewsWhenCaughtUp(args.postgres!, args.schema!, args["views-schema"]!, { log });
} else if (command === "proxy") {
  if (urls.length === 0) fail("proxy needs the readers' URLs");
  if (!/^\d+$/.test(args.port!)) fail(`Not a port: ${args.port}`);
  const proxy = await startReadProxy({ upstreams: urls, port: Number(args.port), hostname: "0.0.0.0" });
  log(`one URL over ${urls.length} readers: ${proxy.graphqlUrl} (listening on every interface)`);
  await untilInterrupted();
  await proxy.stop();
} else {
  fail(command ? `Unknown command: ${command}` : "Give a command");
}
