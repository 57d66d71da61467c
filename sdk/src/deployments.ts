import { type Address, type Hash, type Hex, isAddress } from "viem";

/** Names of the contracts a Kith deployment consists of. */
export const KITH_CONTRACTS = ["Kith", "KithTips", "KithModeration", "KithChannels", "KithBatch"] as const;
export type KithContractName = (typeof KITH_CONTRACTS)[number];

/**
 * Chain ids of local development chains (anvil, Hardhat). Each run is a new chain under the same
 * id, with the same block numbers and, deployed by the same account, the same addresses.
 */
export const LOCAL_CHAIN_IDS: readonly number[] = [31337, 1337];

export function isLocalChain(chainId: number): boolean {
  return LOCAL_CHAIN_IDS.includes(chainId);
}

/** One deployed contract in an address book. */
export interface DeployedContract {
  address: Address;
  /** Block of the deployment transaction: where an indexer starts. */
  blockNumber: number;
  transactionHash: Hash;
  /** keccak256 of the runtime code, to tell whether the address still holds this deployment. */
  codeHash: Hex;
}

/** The address book `deployments/<chainId>.json`, written by `npm run deploy`. */
export interface KithDeployment {
  chainId: number;
  /** Hardhat network name it was deployed with (`localhost`, `baseSepolia`, ...). */
  network: string;
  /** Git commit of the sources that were compiled, with `-dirty` when the tree had changes. */
  commit: string;
  deployedAt: string;
  deployer: Address;
  contracts: Record<KithContractName, DeployedContract>;
}

/** Validates parsed JSON as an address book; throws an error naming the first bad field. */
export function parseDeployment(json: unknown, source = "deployment"): KithDeployment {
  const fail = (field: string, why: string): never => {
    throw new Error(`${source}: ${field} ${why}`);
  };
  if (typeof json !== "object" || json === null) fail("root", "is not an object");
  const record = json as Record<string, unknown>;
  if (!Number.isSafeInteger(record.chainId) || (record.chainId as number) <= 0) fail("chainId", "is not a positive integer");
  for (const field of ["network", "commit", "deployedAt"] as const) {
    if (typeof record[field] !== "string") fail(field, "is not a string");
  }
  if (typeof record.deployer !== "string" || !isAddress(record.deployer)) fail("deployer", "is not an address");
  const contracts = record.contracts as Record<string, Record<string, unknown>> | undefined;
  if (typeof contracts !== "object" || contracts === null) fail("contracts", "is missing");
  for (const name of KITH_CONTRACTS) {
    const entry = contracts![name];
    if (!entry) fail(`contracts.${name}`, "is missing");
    if (typeof entry!.address !== "string" || !isAddress(entry!.address)) fail(`contracts.${name}.address`, "is not an address");
    if (!Number.isSafeInteger(entry!.blockNumber) || (entry!.blockNumber as number) < 0) {
      fail(`contracts.${name}.blockNumber`, "is not a block number");
    }
  }
  return json as KithDeployment;
}
