// Puts a channel and/or a moderation list under token-vote governance: deploys KithVotes (the whole
// supply to the holders given), KithTimelock (the governor its only proposer, canceller and
// executor; no admin) and KithGovernor, then creates the channel or list with the timelock as owner,
// or offers an existing one (owned by the deployer) to the timelock, to be accepted by a proposal.
// Records the government in the address book (`governance` in deployments/<chainId>.json).
import {
  type Abi,
  type Address,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  isAddress,
  parseEventLogs,
  parseUnits,
} from "viem";

import {
  type DeployedContract,
  GOVERNANCE_CONTRACTS,
  type GovernanceContractName,
  type GovernedThing,
  kithChannelsAbi,
  type KithDeployment,
  type KithGovernance,
  kithModerationAbi,
} from "@kith/sdk";
import { deploymentPath, deploymentsDir } from "@kith/sdk/node";

import { deployArtifact, type DeployOptions, isLiveContract, writeAddressBook } from "./deploy.ts";

/** Defaults for testnets (block counts: 1,800 blocks is an hour on Base or OP Sepolia, six on Sepolia). */
export const GOVERNANCE_DEFAULTS = {
  votingDelay: 1,
  votingPeriod: 1_800,
  quorumPercent: 4,
  timelockDelay: 300,
  /** Whole tokens the deployer receives when no holders are given. */
  deployerSupply: 1_000_000n,
} as const;

export interface GovernanceHolder {
  address: Address;
  /** In the token's smallest unit (18 decimals). */
  amount: bigint;
}

export interface GovernanceOptions extends Pick<DeployOptions, "publicClient" | "walletClient" | "log"> {
  /** The Kith deployment whose KithChannels and KithModeration are governed (deployKith's result). */
  deployment: KithDeployment;
  /** Where the address book goes (default: KITH_DEPLOYMENTS_DIR or the repo's deployments/). */
  dir?: string;
  /** A channel name: created with the timelock as owner, or, when it exists and the deployer owns it, offered to the timelock. */
  channel?: string;
  /** A new moderation list of this name, owned by the timelock. */
  list?: string;
  /** An existing moderation list the deployer owns, offered to the timelock. */
  listId?: number;
  /** Who receives the voting token (default: the deployer, GOVERNANCE_DEFAULTS.deployerSupply tokens). */
  holders?: GovernanceHolder[];
  /** Blocks from proposal to vote start. */
  votingDelay?: number;
  /** Blocks a vote lasts. */
  votingPeriod?: number;
  /** Share of the supply (%) that must vote for or abstain. */
  quorumPercent?: number;
  /** Seconds a passed proposal waits in the timelock. */
  timelockDelay?: number;
  tokenName?: string;
  tokenSymbol?: string;
}

export interface GovernanceResult {
  governance: KithGovernance;
  /** The address book with the government in it. */
  deployment: KithDeployment;
  file: string;
  /** False when the address book already named a live government of the same things. */
  deployed: boolean;
}

/** What the environment asks for: the options of `deployGovernance` except clients and deployment. */
export type GovernanceEnvOptions = Omit<GovernanceOptions, "publicClient" | "walletClient" | "log" | "deployment" | "dir">;

/**
 * Reads KITH_GOVERN_CHANNEL, KITH_GOVERN_LIST, KITH_GOVERN_LIST_ID, KITH_GOVERNANCE_HOLDERS
 * (`address:wholeTokens,...`), KITH_GOVERNANCE_VOTING_DELAY / _VOTING_PERIOD (blocks),
 * KITH_GOVERNANCE_QUORUM (%), KITH_TIMELOCK_DELAY (seconds), KITH_GOVERNANCE_TOKEN_NAME / _SYMBOL.
 * Undefined when nothing is to be governed. Throws a message naming the variable that is wrong.
 */
export function governanceOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GovernanceEnvOptions | undefined {
  const text = (name: string) => (env[name] === undefined || env[name] === "" ? undefined : env[name]);
  const whole = (name: string) => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new Error(`${name} must be a whole number, not "${value}".`);
    return Number(value);
  };
  const channel = text("KITH_GOVERN_CHANNEL");
  const list = text("KITH_GOVERN_LIST");
  const listId = whole("KITH_GOVERN_LIST_ID");
  if (channel === undefined && list === undefined && listId === undefined) {
    const stray = Object.keys(env).filter((name) => (name.startsWith("KITH_GOVERNANCE_") || name === "KITH_TIMELOCK_DELAY") && text(name) !== undefined);
    if (stray.length > 0) throw new Error(`${stray.join(", ")} set, but nothing to govern: set KITH_GOVERN_CHANNEL, KITH_GOVERN_LIST or KITH_GOVERN_LIST_ID.`);
    return undefined;
  }
  const holdersText = text("KITH_GOVERNANCE_HOLDERS");
  return {
    channel,
    list,
    listId,
    holders: holdersText === undefined ? undefined : parseHolders(holdersText, "KITH_GOVERNANCE_HOLDERS"),
    votingDelay: whole("KITH_GOVERNANCE_VOTING_DELAY"),
    votingPeriod: whole("KITH_GOVERNANCE_VOTING_PERIOD"),
    quorumPercent: whole("KITH_GOVERNANCE_QUORUM"),
    timelockDelay: whole("KITH_TIMELOCK_DELAY"),
    tokenName: text("KITH_GOVERNANCE_TOKEN_NAME"),
    tokenSymbol: text("KITH_GOVERNANCE_TOKEN_SYMBOL"),
  };
}

/** Parses `address:wholeTokens,...` (amounts may have up to 18 decimals: `0xabc…:1.5`). */
export function parseHolders(text: string, source = "holders"): GovernanceHolder[] {
  return text.split(",").map((item) => {
    const [address, amount, ...rest] = item.trim().split(":");
    if (!address || !isAddress(address) || amount === undefined || rest.length > 0 || !/^[0-9]+(\.[0-9]{1,18})?$/.test(amount)) {
      throw new Error(`${source}: "${item}" is not address:amount (e.g. 0x70997970C51812dc3A010C7d01b50e0d17dc79C8:1000).`);
    }
    const units = parseUnits(amount, 18);
    if (units === 0n) throw new Error(`${source}: "${item}" gives no tokens.`);
    return { address: getAddress(address), amount: units };
  });
}

/** The proposal a holder makes so the timelock accepts the offer of `thing`. */
export function acceptOwnershipProposal(kind: GovernedThing["kind"], id: number, name: string, target: Address): NonNullable<GovernedThing["acceptProposal"]> {
  const abi = kind === "channel" ? kithChannelsAbi : kithModerationAbi;
  return {
    target,
    calldata: encodeFunctionData({ abi, functionName: "acceptOwnership", args: [BigInt(id)] }),
    description: `Accept ownership of ${kind} #${id} (${name})`,
  };
}

export async function deployGovernance(options: GovernanceOptions): Promise<GovernanceResult> {
  const { publicClient, walletClient, deployment, log = console.log } = options;
  const dir = options.dir ?? deploymentsDir();
  const settings = {
    votingDelay: options.votingDelay ?? GOVERNANCE_DEFAULTS.votingDelay,
    votingPeriod: options.votingPeriod ?? GOVERNANCE_DEFAULTS.votingPeriod,
    quorumPercent: options.quorumPercent ?? GOVERNANCE_DEFAULTS.quorumPercent,
    timelockDelay: options.timelockDelay ?? GOVERNANCE_DEFAULTS.timelockDelay,
  };
  if (options.channel === undefined && options.list === undefined && options.listId === undefined) {
    throw new Error("Nothing to govern: give a channel, a list or a list id.");
  }
  if (settings.votingPeriod < 1) throw new Error("The voting period must be at least one block.");
  if (settings.quorumPercent > 100) throw new Error(`A quorum of ${settings.quorumPercent}% cannot be reached.`);
  const deployer = walletClient.account.address;
  const holders = options.holders ?? [{ address: deployer, amount: GOVERNANCE_DEFAULTS.deployerSupply * 10n ** 18n }];
  if (holders.length === 0) throw new Error("A government needs at least one token holder.");
  const channels = { address: deployment.contracts.KithChannels.address, abi: kithChannelsAbi } as const;
  const moderation = { address: deployment.contracts.KithModeration.address, abi: kithModerationAbi } as const;

  const reused = await findLiveGovernment(options);
  if (reused) {
    log(`Reusing the government at ${reused.contracts.KithGovernor.address}: it already governs ${describe(reused.governs)}.`);
    return { governance: reused, deployment, file: deploymentPath(deployment.chainId, dir), deployed: false };
  }

  // Existing things must be the deployer's to offer; checked before anything is deployed.
  const existingChannelId = options.channel === undefined ? 0n : await publicClient.readContract({ ...channels, functionName: "channelIdOf", args: [options.channel] });
  for (const [kind, id, contract] of [
    ["channel", existingChannelId, channels],
    ["list", BigInt(options.listId ?? 0), moderation],
  ] as const) {
    if (id === 0n) continue;
    const owner = await publicClient.readContract({ ...(contract as typeof channels), functionName: "ownerOf", args: [id] });
    if (owner.toLowerCase() !== deployer.toLowerCase()) {
      throw new Error(
        `The ${kind} #${id} is owned by ${owner === "0x0000000000000000000000000000000000000000" ? "nobody (it does not exist)" : owner}, not the deployer ${deployer}: ` +
          `its owner offers it to the timelock (transferOwnership(${id}, timelock)) and a holder proposes acceptOwnership(${id}) (see README).`,
      );
    }
  }

  const label = options.channel ?? options.list ?? `list ${options.listId}`;
  const write = async (address: Address, abi: Abi, functionName: string, args: unknown[]) => {
    const hash = await walletClient.writeContract({ address, abi, functionName, args, account: walletClient.account, chain: walletClient.chain });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted in transaction ${hash}.`);
    return receipt;
  };

  const contracts = {} as Record<GovernanceContractName, DeployedContract>;
  contracts.KithVotes = await deployArtifact(options, "KithVotes", [
    options.tokenName ?? `Kith ${label} votes`,
    options.tokenSymbol ?? "KITHV",
    holders.map((holder) => holder.address),
    holders.map((holder) => holder.amount),
  ]);
  // The timelock names the governor, the governor names the timelock: the governor's address is
  // known in advance (the deployer's next nonce but one), so the timelock is born with its final
  // roles and no admin, and no account ever holds a power over it that would need renouncing.
  const nonce = await publicClient.getTransactionCount({ address: deployer, blockTag: "pending" });
  const predictedGovernor = getContractAddress({ from: deployer, nonce: BigInt(nonce + 1) });
  contracts.KithTimelock = await deployArtifact(options, "KithTimelock", [BigInt(settings.timelockDelay), predictedGovernor], nonce);
  contracts.KithGovernor = await deployArtifact(
    options,
    "KithGovernor",
    [`Kith ${label} governor`, contracts.KithVotes.address, contracts.KithTimelock.address, settings.votingDelay, settings.votingPeriod, BigInt(settings.quorumPercent)],
    nonce + 1,
  );
  if (contracts.KithGovernor.address !== predictedGovernor) {
    throw new Error(`KithGovernor landed at ${contracts.KithGovernor.address}, not ${predictedGovernor} that the timelock names: another transaction from ${deployer} came between.`);
  }
  const timelock = contracts.KithTimelock.address;

  const governs: GovernedThing[] = [];
  if (options.channel !== undefined) {
    if (existingChannelId === 0n) {
      const receipt = await write(channels.address, channels.abi, "createChannel", [options.channel, timelock, 0, "0x0000000000000000000000000000000000000000", 0n]);
      const [created] = parseEventLogs({ abi: kithChannelsAbi, eventName: "ChannelCreated", logs: receipt.logs });
      governs.push({ kind: "channel", id: Number(created!.args.channelId), name: options.channel });
      log(`Created channel #${created!.args.channelId} (${options.channel}) owned by the timelock ${timelock}.`);
    } else {
      await write(channels.address, channels.abi, "transferOwnership", [existingChannelId, timelock]);
      const id = Number(existingChannelId);
      governs.push({ kind: "channel", id, name: options.channel, acceptProposal: acceptOwnershipProposal("channel", id, options.channel, channels.address) });
      log(`Offered channel #${id} (${options.channel}) to the timelock ${timelock}: it is governed once a proposal of acceptOwnership(${id}) is executed.`);
    }
  }
  if (options.list !== undefined) {
    const receipt = await write(moderation.address, moderation.abi, "createList", [options.list, timelock]);
    const [created] = parseEventLogs({ abi: kithModerationAbi, eventName: "ListCreated", logs: receipt.logs });
    governs.push({ kind: "list", id: Number(created!.args.listId), name: options.list });
    log(`Created moderation list #${created!.args.listId} (${options.list}) owned by the timelock ${timelock}.`);
  }
  if (options.listId !== undefined) {
    await write(moderation.address, moderation.abi, "transferOwnership", [BigInt(options.listId), timelock]);
    const name = `list ${options.listId}`;
    governs.push({ kind: "list", id: options.listId, name, acceptProposal: acceptOwnershipProposal("list", options.listId, name, moderation.address) });
    log(`Offered moderation list #${options.listId} to the timelock ${timelock}: it is governed once a proposal of acceptOwnership(${options.listId}) is executed.`);
  }

  const governance: KithGovernance = { contracts, ...settings, governs };
  const updated: KithDeployment = { ...deployment, governance: [...(deployment.governance ?? []), governance] };
  const file = writeAddressBook(updated, dir, log);
  return { governance, deployment: updated, file, deployed: true };
}

function describe(governs: GovernedThing[]): string {
  return governs.map((thing) => `${thing.kind} #${thing.id} (${thing.name})`).join(" and ");
}

/**
 * A government of the address book that already governs (or was offered) every thing asked for,
 * with its contracts live: running the same deploy twice deploys nothing the second time.
 */
async function findLiveGovernment(options: GovernanceOptions): Promise<KithGovernance | undefined> {
  const { deployment, publicClient } = options;
  const wanted = (thing: GovernedThing) =>
    (thing.kind === "channel" && thing.name === options.channel) ||
    (thing.kind === "list" && !thing.acceptProposal && thing.name === options.list) ||
    (thing.kind === "list" && thing.id === options.listId);
  const count = [options.channel, options.list, options.listId].filter((value) => value !== undefined).length;
  for (const government of deployment.governance ?? []) {
    if (government.governs.filter(wanted).length !== count) continue;
    const live = await Promise.all(GOVERNANCE_CONTRACTS.map((name) => isLiveContract(name, government.contracts[name], publicClient)));
    if (live.every(Boolean)) return government;
  }
  return undefined;
}
