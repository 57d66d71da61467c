// `npm start`: a local chain, Kith deployed to it, the indexer and its GraphQL endpoint, all on
// this machine. Ctrl-C stops everything. The chain lives in memory, so every start is fresh (and so
// is the index: its PGlite folder is wiped).
//
//   npm start -- [--seed] [--chain-port 8545] [--port 42069] [--relayer-port 8787] [--app-port 5173] [--postgres <url>]
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
import { startIndexer } from "./lib/indexer.ts";
import { clearLocalSession, writeLocalSession } from "./lib/local.ts";
import { isPortFree } from "./lib/processes.ts";
import { seedDemo } from "./lib/seed.ts";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    seed: { type: "boolean", default: false },
    "chain-port": { type: "string" },
    port: { type: "string" },
    "relayer-port": { type: "string" },
    "app-port": { type: "string" },
    postgres: { type: "string" },
    "content-store": { type: "string" },
    "content-peer": { type: "string", multiple: true },
    verbose: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log("Usage: npm start -- [--seed] [--chain-port N] [--port N] [--relayer-port N] [--app-port N] [--postgres URL] [--content-store files|postgres] [--content-peer URL]... [--verbose]");
  process.exit(0);
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
  const indexer = await startIndexer({
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    wsUrl: chain.wsUrl,
    port: await choosePort(args.port, 42069),
    databaseUrl: args.postgres,
    pgliteDir,
    contentStore: args["content-store"] as "files" | "postgres" | undefined, // the indexer refuses any other value
    contentPeers: args["content-peer"],
    echo: args.verbose,
  });
  stops.push(() => indexer.stop());
  log(`indexer on ${args.postgres ? "Postgres" : `PGlite (${path.relative(root, pgliteDir)})`}, schema ${indexer.schema}`);

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
    { chainId: chain.chainId, rpcUrl: chain.rpcUrl, graphqlUrl: indexer.graphqlUrl, relayerUrl: relayer.url },
    (await choosePort(args["app-port"], 5173)) ?? 0,
  );
  stops.push(() => app.stop());

  writeLocalSession({
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    graphqlUrl: indexer.graphqlUrl,
    relayerUrl: relayer.url,
    pid: process.pid,
  });

  if (args.seed) {
    log("seeding demo data");
    const seeded = await seedDemo({ chain: chain.chain, rpcUrl: chain.rpcUrl, deployment, log: (line) => log(line) });
    await indexer.waitForBlock(seeded.lastBlock);
    for (const body of seeded.bodies) await uploadContent(indexer.url, body);
    log(`  uploaded ${seeded.bodies.length} bodies to ${indexer.url}/content`);
    log(`seeded with ${seeded.transactions} transactions, indexed up to block ${seeded.lastBlock}`);
  }

  console.log(`
  Kith is running.

    Chain RPC    ${chain.rpcUrl}   (chain id ${chain.chainId}, dev accounts of "test test ... junk")
    GraphQL      ${indexer.graphqlUrl}
    Relayer      ${relayer.url}/relay
    Web app      ${app.url}   (connect an injected wallet on chain ${chain.chainId} at ${chain.rpcUrl})
    Address book ${path.relative(root, file)}   (also at ${indexer.url}/deployment)

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
