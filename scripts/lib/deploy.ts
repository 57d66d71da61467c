// Deploys Kith with viem clients and writes the address book deployments/<chainId>.json.
// Idempotent: when the address book names contracts that are still on chain with the code of the
// current build, they are reused and nothing is sent.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { Account, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { getAddress, keccak256 } from "viem";

import { type DeployedContract, KITH_CONTRACTS, type KithContractName, type KithDeployment } from "@kith/sdk";
import { deploymentPath, deploymentsDir, tryReadDeployment } from "@kith/sdk/node";

const root = path.resolve(import.meta.dirname, "..", "..");

interface Artifact {
  abi: readonly unknown[];
  bytecode: Hex;
  deployedBytecode: Hex;
  immutableReferences?: Record<string, { start: number; length: number }[]>;
}

/** The Hardhat artifact of contract `name`, declared in <name>.sol anywhere under contracts/. */
export function readArtifact(name: string): Artifact {
  const base = path.join(root, "artifacts", "contracts");
  const file = [path.join(base, `${name}.sol`, `${name}.json`)]
    .concat(readdirSync(base, { recursive: true, encoding: "utf8" }).map((entry) => path.join(base, entry)))
    .find((candidate) => candidate.endsWith(path.join(`${name}.sol`, `${name}.json`)) && existsSync(candidate));
  if (!file) throw new Error(`No build artifact for ${name} under ${base}. Run \`npm run build\` first.`);
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Runtime code with immutable values zeroed, so builds can be compared with deployed code. */
export function maskImmutables(code: Hex, artifact: Artifact): string {
  const bytes = code.slice(2).split("");
  for (const refs of Object.values(artifact.immutableReferences ?? {})) {
    for (const { start, length } of refs) bytes.fill("0", start * 2, (start + length) * 2);
  }
  return bytes.join("");
}

export function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "contracts"], { cwd: root, encoding: "utf8" }).trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return "unknown";
  }
}

export interface DeployOptions {
  publicClient: PublicClient<Transport, Chain | undefined>;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Hardhat network name, recorded in the address book. */
  networkName: string;
  /** Where the address book goes (default: KITH_DEPLOYMENTS_DIR or the repo's deployments/). */
  dir?: string;
  /** Deploy even when a live deployment of the current build exists. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface DeployResult {
  deployment: KithDeployment;
  file: string;
  /** False when an existing deployment was reused. */
  deployed: boolean;
}

/** Whether `entry` is on chain with exactly the current build's code of contract `name`. */
export async function isLiveContract(name: string, entry: DeployedContract, publicClient: DeployOptions["publicClient"]): Promise<boolean> {
  const code = await publicClient.getCode({ address: entry.address });
  if (!code || code === "0x") return false;
  if (keccak256(code) !== entry.codeHash) return false;
  const artifact = readArtifact(name);
  return maskImmutables(code, artifact) === maskImmutables(artifact.deployedBytecode, artifact);
}

/** Whether every contract of `record` is on chain with exactly the current build's code. */
async function isLive(record: KithDeployment, publicClient: DeployOptions["publicClient"]): Promise<boolean> {
  for (const name of KITH_CONTRACTS) {
    if (!(await isLiveContract(name, record.contracts[name], publicClient))) return false;
  }
  return true;
}

export async function deployKith(options: DeployOptions): Promise<DeployResult> {
  const { publicClient, walletClient, networkName, log = console.log } = options;
  const dir = options.dir ?? deploymentsDir();
  const chainId = await publicClient.getChainId();
  const file = deploymentPath(chainId, dir);

  let existing: KithDeployment | undefined;
  try {
    existing = tryReadDeployment(chainId, dir);
  } catch (error) {
    // An address book from an older version of Kith (or edited by hand) cannot be reused.
    log(`${(error as Error).message}: deploying anew.`);
  }
  if (existing && !options.force) {
    if (await isLive(existing, publicClient)) {
      log(`Reusing the Kith deployment on chain ${chainId} recorded in ${file}.`);
      return { deployment: existing, file, deployed: false };
    }
    log(`${file} names contracts that are gone or run older code: deploying anew.`);
  }

  const deployer = walletClient.account.address;
  const contracts = {} as Record<KithContractName, DeployedContract>;
  /** Constructor arguments, given the contracts deployed before (KITH_CONTRACTS is in order). */
  const constructorArgs: Record<KithContractName, () => unknown[]> = {
    Kith: () => [],
    KithTips: () => [contracts.Kith.address],
    KithModeration: () => [contracts.Kith.address],
    KithChannels: () => [contracts.Kith.address],
    KithBatch: () => [],
  };
  for (const name of KITH_CONTRACTS) {
    contracts[name] = await deployArtifact(options, name, constructorArgs[name]());
  }

  const deployment: KithDeployment = {
    chainId,
    network: networkName,
    commit: gitCommit(),
    deployedAt: new Date().toISOString(),
    deployer,
    contracts,
  };
  writeAddressBook(deployment, dir, log);
  return { deployment, file, deployed: true };
}

/**
 * Deploys the build of contract `name` with `args` from the wallet (at `nonce` when given), waits
 * for it and returns its address book entry.
 */
export async function deployArtifact(
  { publicClient, walletClient, log = console.log }: Pick<DeployOptions, "publicClient" | "walletClient" | "log">,
  name: string,
  args: unknown[],
  nonce?: number,
): Promise<DeployedContract> {
  const artifact = readArtifact(name);
  const hash = await walletClient.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args,
    account: walletClient.account,
    chain: walletClient.chain,
    nonce,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new Error(`Deploying ${name} failed in transaction ${hash}.`);
  }
  const code = await publicClient.getCode({ address: receipt.contractAddress, blockNumber: receipt.blockNumber });
  log(`Deployed ${name} at ${receipt.contractAddress} (block ${receipt.blockNumber}, gas ${receipt.gasUsed}).`);
  return {
    address: getAddress(receipt.contractAddress),
    blockNumber: Number(receipt.blockNumber),
    transactionHash: hash,
    codeHash: keccak256(code ?? "0x"),
  };
}

/** Writes `deployment` to `<dir>/<chainId>.json`; returns the file. */
export function writeAddressBook(deployment: KithDeployment, dir: string, log: (line: string) => void = console.log): string {
  const file = deploymentPath(deployment.chainId, dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
  log(`Wrote ${file}.`);
  return file;
}
