// Node-only helpers (file system). Browser code imports from "@kith/sdk" instead.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { type KithDeployment, parseDeployment } from "./deployments.ts";

/** The repository's `deployments/` folder; `KITH_DEPLOYMENTS_DIR` points elsewhere (tests do). */
export function deploymentsDir(): string {
  return process.env.KITH_DEPLOYMENTS_DIR
    ? path.resolve(process.env.KITH_DEPLOYMENTS_DIR)
    : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "deployments");
}

export function deploymentPath(chainId: number, dir = deploymentsDir()): string {
  return path.join(dir, `${chainId}.json`);
}

/** Reads `deployments/<chainId>.json`; throws a message that says how to create it when missing. */
export function readDeployment(chainId: number, dir = deploymentsDir()): KithDeployment {
  const file = deploymentPath(chainId, dir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new Error(`No Kith deployment for chain ${chainId}: ${file} does not exist. Run \`npm run deploy -- --network <name>\` first.`);
  }
  return parseDeployment(JSON.parse(text), file);
}

/** Like `readDeployment`, but undefined when there is no file. */
export function tryReadDeployment(chainId: number, dir = deploymentsDir()): KithDeployment | undefined {
  try {
    return readDeployment(chainId, dir);
  } catch (error) {
    if ((error as Error).message.startsWith("No Kith deployment")) return undefined;
    throw error;
  }
}
