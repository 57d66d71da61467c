import { type Address, type Hash, type Hex, isAddress, isHex } from "viem";

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
  /** Token-vote governments of channels and lists, in the order they were deployed (absent: none). */
  governance?: KithGovernance[];
}

/** Contracts of one token-vote government (`npm run deploy` with KITH_GOVERN_CHANNEL / _LIST). */
export const GOVERNANCE_CONTRACTS = ["KithVotes", "KithTimelock", "KithGovernor"] as const;
export type GovernanceContractName = (typeof GOVERNANCE_CONTRACTS)[number];

/** A channel or moderation list whose owner is a government's timelock. */
export interface GovernedThing {
  kind: "channel" | "list";
  id: number;
  name: string;
  /**
   * Set when an existing channel or list was offered to the timelock rather than created for it:
   * the proposal that accepts the offer (one call, value 0), which any holder may make. The timelock
   * owns the channel or list once that proposal is executed.
   */
  acceptProposal?: { target: Address; calldata: Hex; description: string };
}

/**
 * One government: KithVotes holders propose and vote in KithGovernor; passed proposals wait out the
 * timelock's delay and run as KithTimelock, the owner of what is governed.
 */
export interface KithGovernance {
  contracts: Record<GovernanceContractName, DeployedContract>;
  /** Blocks from proposal to vote start. */
  votingDelay: number;
  /** Blocks a vote lasts. */
  votingPeriod: number;
  /** Share of the token supply (%) that must vote for or abstain. */
  quorumPercent: number;
  /** Seconds between queueing a passed proposal and executing it. */
  timelockDelay: number;
  governs: GovernedThing[];
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
  const checkContracts = (field: string, entries: unknown, names: readonly string[]) => {
    if (typeof entries !== "object" || entries === null) fail(field, "is missing");
    for (const name of names) {
      const entry = (entries as Record<string, Record<string, unknown>>)[name];
      if (!entry) fail(`${field}.${name}`, "is missing");
      if (typeof entry!.address !== "string" || !isAddress(entry!.address)) fail(`${field}.${name}.address`, "is not an address");
      if (!Number.isSafeInteger(entry!.blockNumber) || (entry!.blockNumber as number) < 0) {
        fail(`${field}.${name}.blockNumber`, "is not a block number");
      }
    }
  };
  checkContracts("contracts", record.contracts, KITH_CONTRACTS);
  if (record.governance !== undefined) {
    if (!Array.isArray(record.governance)) fail("governance", "is not a list");
    (record.governance as Record<string, unknown>[]).forEach((government, index) => {
      const field = `governance[${index}]`;
      if (typeof government !== "object" || government === null) fail(field, "is not an object");
      checkContracts(`${field}.contracts`, government.contracts, GOVERNANCE_CONTRACTS);
      for (const setting of ["votingDelay", "votingPeriod", "quorumPercent", "timelockDelay"] as const) {
        if (!Number.isSafeInteger(government[setting]) || (government[setting] as number) < 0) fail(`${field}.${setting}`, "is not a whole number");
      }
      if (!Array.isArray(government.governs)) fail(`${field}.governs`, "is not a list");
      (government.governs as Record<string, unknown>[]).forEach((thing, thingIndex) => {
        const thingField = `${field}.governs[${thingIndex}]`;
        if (thing?.kind !== "channel" && thing?.kind !== "list") fail(`${thingField}.kind`, 'is not "channel" or "list"');
        if (!Number.isSafeInteger(thing.id) || (thing.id as number) <= 0) fail(`${thingField}.id`, "is not a positive integer");
        if (typeof thing.name !== "string") fail(`${thingField}.name`, "is not a string");
        const accept = thing.acceptProposal as Record<string, unknown> | undefined;
        if (accept !== undefined) {
          if (typeof accept.target !== "string" || !isAddress(accept.target)) fail(`${thingField}.acceptProposal.target`, "is not an address");
          if (typeof accept.calldata !== "string" || !isHex(accept.calldata)) fail(`${thingField}.acceptProposal.calldata`, "is not hex");
          if (typeof accept.description !== "string") fail(`${thingField}.acceptProposal.description`, "is not a string");
        }
      });
    });
  }
  return json as KithDeployment;
}
