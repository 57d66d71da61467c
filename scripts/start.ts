// `npm start`: a local chain, Kith deployed to it, the indexer and its GraphQL endpoint, all on
// this machine. Ctrl-C stops everything. The chain lives in memory, so every start is fresh (and so
// is the index: its PGlite folder is wiped). With `--postgres URL --replicas N`: one writer and N
// read replicas (`ponder serve` on the writer's views schema) behind one URL (scripts/lib/readProxy.ts).
//
//   npm start -- [--seed] [--chain-port 8545] [--port 42069] [--relayer-port 8787] [--app-port 5173] [--postgres <url> [--replicas N]]
//             [--content-store files|postgres] [--content-peer <url>]... [--verbose]
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { serveRelayer } from "../relayer/serve.ts";
import { uploadContent } from "@kith/sdk";
import { buildApp, serveApp } from "./lib/app.ts";
import { clientsFor, devAccount, RELAYER_ACCOUNT_INDEX, startAnvil } from "./lib/chain.ts";
import { deployKith } from "./lib/deploy.ts";
import { dropSchema, startIndexer, startReader } from "./lib/indexer.ts";
import { clearLocalSession, writeLocalSession } from "./lib/local.ts";
import { isPortFree } from "./lib/processes.ts";
import { startReadProxy } from "./lib/readProxy.ts";
import { seedDemo } from "./lib/seed.ts";

const root = path.resolve(import.meta.dirname, "..");
/** The stable name the read replicas serve, whichever writer's schema it shows (README, "Run it in production"). */
const VIEWS_SCHEMA = "kith";
const { values: args } = parseArgs({
  options: {
    seed: { type: "boolean", default: false },
    "chain-port": { type: "string" },
    port: { type: "string" },
    "relayer-port": { type: "string" },
    "app-port": { type: "string" },
    postgres: { type: "string" },
    replicas: { type: "string" },
    "content-store": { type: "string" },
    "content-peer": { type: "string", multiple: true },
    verbose: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log(
    "Usage: npm start -- [--seed] [--chain-port N] [--port N] [--relayer-port N] [--app-port N] [--postgres URL [--replicas N]] [--content-store files|postgres] [--content-peer URL]... [--verbose]",
  );
  process.exit(0);
}
if (args.replicas !== undefined && !/^\d+$/.test(args.replicas)) {
  console.error(`[kith] --replicas takes a whole number of read replicas, got "${args.replicas}"`);
  process.exit(2);
}
const replicas = Number(args.replicas ?? 0);
if (replicas > 0 && !args.postgres) {
  console.error("[kith] --replicas needs --postgres URL: read replicas (ponder serve) read the writer's tables in Postgres, and PGlite serves one process only");
  process.exit(2);
}

/** The requested port (0: any free one), or the conventional one when free, or any free one. */
async function choosePort(requested: string | undefined, conventional: number): Promise<number | undefined> {
  if (requested !== undefined) {
    const port = Number(requested);
    if (!/^\d+$/.test(requested) || port > 65535) throw new Error(`Not a port: ${requested}`);
    if (port === 0) return undefined;
    if (!(await isPortFree(port))) throw new Error(`Port ${port} is in use.`);
    return port;
  }
  return (await isPortFree(conventional)) ? conventional : undefined;
}

const log = (line: string) => console.log(`[kith] ${line}`);
const stops: (() => Promise<void>)[] = [];
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping...");
  for (const stop of stops.reverse()) await stop().catch(() => {});
  clearLocalSession();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  log("compiling contracts (hardhat build)");
  execFileSync(path.join(root, "node_modules", ".bin", "hardhat"), ["build", "--quiet"], { cwd: root, stdio: "inherit" });

  const chain = await startAnvil({ port: await choosePort(args["chain-port"], 8545) });
  stops.push(() => chain.stop());
  log(`chain ${chain.chainId} at ${chain.rpcUrl}`);

  const { deployment, file } = await deployKith({
    ...clientsFor(chain.chain, chain.rpcUrl, devAccount(0)),
    networkName: "localhost",
    log: (line) => log(line),
  });

  const pgliteDir = path.join(root, "indexer", ".ponder", "pglite");
  if (!args.postgres) rmSync(pgliteDir, { recursive: true, force: true });
  const apiPort = await choosePort(args.port, 42069);
  // The chain is new: views left by an earlier run show an index of a chain that is gone.
  if (replicas > 0) await dropSchema(args.postgres!, VIEWS_SCHEMA);
  const readOptions = {
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    wsUrl: chain.wsUrl,
    echo: args.verbose,
    // With replicas, bodies where every one of them can serve them: in the database (unless told
    // otherwise; `files` works too, on one machine, in the one folder indexer/.content they share).
    contentStore: (args["content-store"] ?? (replicas > 0 ? "postgres" : undefined)) as "files" | "postgres" | undefined, // the indexer refuses any other value
    contentPeers: args["content-peer"],
  };
  const indexer = await startIndexer({
    ...readOptions,
    // With replicas, the one URL takes the port; the writer indexes on any free one.
    port: replicas > 0 ? undefined : apiPort,
    databaseUrl: args.postgres,
    pgliteDir,
    viewsSchema: replicas > 0 ? VIEWS_SCHEMA : undefined,
  });
  stops.push(() => indexer.stop());
  log(`indexer on ${args.postgres ? "Postgres" : `PGlite (${path.relative(root, pgliteDir)})`}, schema ${indexer.schema}`);
  let api = { url: indexer.url, graphqlUrl: indexer.graphqlUrl };
  if (replicas > 0) {
    await indexer.viewsPublished;
    const readers = await Promise.all(Array.from({ length: replicas }, () => startReader({ ...readOptions, databaseUrl: args.postgres!, viewsSchema: VIEWS_SCHEMA })));
    for (const reader of readers) {
      stops.push(() => reader.stop());
      reader.service.process.once("exit", (code, signal) => {
        if (!stopping) log(`the read replica at ${reader.url} exited (${code ?? signal}); the others serve the reads`);
      });
    }
    const front = await startReadProxy({ upstreams: readers.map((r) => r.url), port: apiPort });
    stops.push(() => front.stop());
    api = front;
    log(`${replicas} read replica(s) on the views schema ${VIEWS_SCHEMA}: ${readers.map((r) => r.url).join(" ")}; one URL over them: ${front.url}`);
  }

  // The relayer's record of what it sent belongs to this chain, which is new: so is the record.
  const relayerStore = path.join(root, ".kith", "relayer-local.sqlite");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(relayerStore + suffix, { force: true });
  mkdirSync(path.dirname(relayerStore), { recursive: true });
  const relayer = await serveRelayer({
    chain: chain.chain,
    rpcUrl: chain.rpcUrl,
    kith: deployment.contracts.Kith.address,
    account: devAccount(RELAYER_ACCOUNT_INDEX),
    storeFile: relayerStore,
    port: (await choosePort(args["relayer-port"], 8787)) ?? 0,
  });
  stops.push(() => relayer.stop());
  log(`relayer at ${relayer.url}, paying gas from ${relayer.address}`);

  log("building the web app (vite build)");
  await buildApp();
  const app = await serveApp(
    { chainId: chain.chainId, rpcUrl: chain.rpcUrl, graphqlUrl: api.graphqlUrl, relayerUrl: relayer.url },
    (await choosePort(args["app-port"], 5173)) ?? 0,
  );
  stops.push(() => app.stop());

  writeLocalSession({
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    graphqlUrl: api.graphqlUrl,
    relayerUrl: relayer.url,
    pid: process.pid,
  });

  if (args.seed) {
    log("seeding demo data");
    const seeded = await seedDemo({ chain: chain.chain, rpcUrl: chain.rpcUrl, deployment, log: (line) => log(line) });
    await indexer.waitForBlock(seeded.lastBlock);
    for (const body of seeded.bodies) await uploadContent(api.url, body);
    log(`  uploaded ${seeded.bodies.length} bodies to ${api.url}/content`);
    log(`seeded with ${seeded.transactions} transactions, indexed up to block ${seeded.lastBlock}`);
  }

  console.log(`
  Kith is running.

    Chain RPC    ${chain.rpcUrl}   (chain id ${chain.chainId}, dev accounts of "test test ... junk")
    GraphQL      ${api.graphqlUrl}${replicas > 0 ? `   (one URL over ${replicas} read replicas; the writer indexes at ${indexer.url})` : ""}
    Relayer      ${relayer.url}/relay
    Web app      ${app.url}   (connect an injected wallet on chain ${chain.chainId} at ${chain.rpcUrl})
    Address book ${path.relative(root, file)}   (also at ${api.url}/deployment)

  Try:  npm run kith -- profile alice      npm run kith -- feed alice
  Ctrl-C stops everything.
`);
  indexer.onExit((code) => {
    if (!stopping) {
      console.error(`[kith] the indexer exited (${code}):\n${indexer.service.output()}`);
      void shutdown(1);
    }
  });
} catch (error) {
  console.error(`[kith] ${(error as Error).message}`);
  await shutdown(1);
}
