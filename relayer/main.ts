// `npm run relayer`: the relayer as a service of its own, configured by environment variables
// (README.md, "Run a relayer"). SIGINT or SIGTERM stops it; so may kill -9 at any instruction:
// what it accepted is on disk (KITH_RELAYER_STORE) and the next start carries on from there.
import { mkdirSync } from "node:fs";
import path from "node:path";

import { createPublicClient, http } from "viem";

import { readDeployment } from "@kith/sdk/node";

import { relayerSettings, SettingError } from "./config.ts";
import { serveRelayer } from "./serve.ts";

const root = path.resolve(import.meta.dirname, "..");
const log = (line: string) => console.log(`[relayer] ${line}`);

try {
  const rpcUrl = process.env.KITH_RELAYER_RPC_URL ?? process.env.KITH_RPC_URL;
  if (!rpcUrl) throw new SettingError("KITH_RELAYER_RPC_URL (or KITH_RPC_URL) must name the chain's RPC");
  const chainId = await createPublicClient({ transport: http(rpcUrl) }).getChainId();
  const expected = process.env.KITH_CHAIN_ID;
  if (expected !== undefined && Number(expected) !== chainId) throw new SettingError(`KITH_CHAIN_ID is ${expected} but ${rpcUrl} serves chain ${chainId}`);
  const book = process.env.KITH_RELAYER_KITH ? undefined : readDeployment(chainId);
  const kith = process.env.KITH_RELAYER_KITH ?? book!.contracts.Kith.address;
  const settings = relayerSettings(process.env, { chainId, kith: kith as `0x${string}`, root, kithBatch: book?.contracts.KithBatch.address });
  mkdirSync(path.dirname(settings.storeFile!), { recursive: true });
  // Fault injection for test/e2e/relayer.test.ts: die like kill -9 right after the first
  // transaction is recorded and before it is broadcast.
  const crash = process.env.KITH_RELAYER_TEST_CRASH_AFTER_RECORD === "1" ? () => process.kill(process.pid, "SIGKILL") : undefined;
  const running = await serveRelayer({ ...settings, log, afterRecord: crash });
  log(`listening on ${running.url} for chain ${chainId}, Kith ${settings.kith}, paying from ${running.address}, store ${settings.storeFile}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
} catch (error) {
  console.error(`[relayer] ${error instanceof SettingError ? error.message : (error as Error).stack}`);
  process.exit(1);
}
