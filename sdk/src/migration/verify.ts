// `verifyKithExport`: checks an export file against any RPC of its chain, trusting neither the file
// nor the indexer that helped make it. It re-reads the profile's logs up to the file's block and
// replays them (export.ts), so an item that was altered, added or left out shows up; it checks that
// every block an item names is still the chain's block of that number (no reorg since), reads the
// profile's state at the file's block, and hashes every body.
import { type Address, getAddress, type Hash, isAddressEqual, type PublicClient, sha256 } from "viem";

import { kithAbi } from "../abis.ts";
import { cidOfDigest } from "../posts.ts";
import { mapLimit, readProfileLogs, replayProfileLogs } from "./export.ts";
import type { ChainFact, KithExport } from "./format.ts";

export interface VerifyKithExportOptions {
  client: PublicClient;
  /**
   * The Kith contract you trust on that chain (its address book). The file names its own, and a
   * contract that only looks like Kith could back any story: without this, the file's is checked.
   */
  kith?: Address;
  /** The Kith deployment's block: where the logs are re-read from. */
  fromBlock: bigint;
  maxBlockRange?: bigint;
}

export interface VerifyProblem {
  /** Where in the file: `$.follows[2]`, `$.bodies[0].bytes`. */
  path: string;
  message: string;
}

export interface VerifyKithExportResult {
  ok: boolean;
  problems: VerifyProblem[];
  checked: { items: number; blocks: number; bodies: number; logs: number };
}

const ZERO_HASH = `0x${"0".repeat(64)}`;

const factKey = (fact: ChainFact) => `${fact.chainId}:${fact.contract.toLowerCase()}:${fact.blockNumber}:${fact.blockHash}:${fact.transactionHash}:${fact.logIndex}`;

export async function verifyKithExport(file: KithExport, { client, kith, fromBlock, maxBlockRange }: VerifyKithExportOptions): Promise<VerifyKithExportResult> {
  const problems: VerifyProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const { source } = file;
  const result = (logs: number, blocks: number) => ({
    ok: problems.length === 0,
    problems,
    checked: {
      items: 3 + file.follows.length + file.blocks.length + file.posts.length + file.likes.length + file.appKeys.length,
      blocks,
      bodies: file.bodies.length,
      logs,
    },
  });

  if (kith !== undefined && !isAddressEqual(kith, source.kith)) {
    problem("$.source.kith", `the file is of the contract ${source.kith}, not of Kith ${getAddress(kith)}`);
    return result(0, 0);
  }
  const chainId = await client.getChainId();
  if (chainId !== source.chainId) {
    problem("$.source.chainId", `the file is of chain ${source.chainId}, the RPC serves chain ${chainId}`);
    return result(0, 0);
  }
  const sourceBlock = await client.getBlock({ blockNumber: source.blockNumber }).catch(() => undefined);
  if (!sourceBlock) {
    problem("$.source.blockNumber", `the chain has no block ${source.blockNumber}`);
    return result(0, 0);
  }
  if (sourceBlock.hash.toLowerCase() !== source.blockHash) {
    problem("$.source.blockHash", `block ${source.blockNumber} of the chain is ${sourceBlock.hash}, not ${source.blockHash}: the chain reorganised, or the file is not of this chain`);
  }

  // 1. The chain's own history of the profile up to the file's block, replayed as the export does.
  const logs = await readProfileLogs({ client, kith: source.kith, profileId: file.profile.id, fromBlock, toBlock: source.blockNumber, maxBlockRange });
  const chain = replayProfileLogs(logs, sourceBlock.timestamp);
  if (!chain.profile) {
    problem("$.profile.id", `no profile ${file.profile.id} was registered on this Kith by block ${source.blockNumber}`);
    return result(logs.length, 1);
  }
  for (const field of ["handle", "custody", "recovery", "metadataHash"] as const) {
    if (String(chain.profile[field]).toLowerCase() !== String(file.profile[field]).toLowerCase()) {
      problem(`$.profile.${field}`, `the chain says ${chain.profile[field]}, the file ${file.profile[field]}`);
    }
  }
  for (const field of ["registered", "handleSet", "metadataSet"] as const) {
    if (factKey(chain.profile[field]) !== factKey(file.profile[field])) problem(`$.profile.${field}`, `the chain's event is ${describe(chain.profile[field])}`);
  }
  compareList(
    "$.follows",
    file.follows,
    chain.follows,
    (edge) => String(edge.profileId),
    (edge) => factKey(edge.fact),
    problem,
  );
  compareList("$.blocks", file.blocks, chain.blocks, (edge) => String(edge.profileId), (edge) => factKey(edge.fact), problem);
  compareList(
    "$.posts",
    file.posts,
    chain.posts,
    (post) => String(post.id),
    (post) => JSON.stringify([post.kind, String(post.targetId), post.contentHash, post.uri, post.actor.toLowerCase(), factKey(post.fact)]),
    problem,
  );
  compareList("$.likes", file.likes, chain.likes, (like) => String(like.postId), (like) => factKey(like.fact), problem);
  compareList(
    "$.appKeys",
    file.appKeys,
    chain.appKeys,
    (key) => key.key.toLowerCase(),
    (key) => JSON.stringify([String(key.scopes), String(key.expiry), factKey(key.fact)]),
    problem,
  );

  // 2. Every block an item of the file names is the chain's block of that number.
  const facts: [string, ChainFact][] = [
    ["$.profile.registered", file.profile.registered],
    ["$.profile.handleSet", file.profile.handleSet],
    ["$.profile.metadataSet", file.profile.metadataSet],
    ...file.follows.map((e, i) => [`$.follows[${i}].fact`, e.fact] as [string, ChainFact]),
    ...file.blocks.map((e, i) => [`$.blocks[${i}].fact`, e.fact] as [string, ChainFact]),
    ...file.posts.map((e, i) => [`$.posts[${i}].fact`, e.fact] as [string, ChainFact]),
    ...file.likes.map((e, i) => [`$.likes[${i}].fact`, e.fact] as [string, ChainFact]),
    ...file.appKeys.map((e, i) => [`$.appKeys[${i}].fact`, e.fact] as [string, ChainFact]),
  ];
  const blockNumbers = [...new Set(facts.map(([, fact]) => fact.blockNumber))];
  const hashes = new Map<bigint, Hash | undefined>();
  await mapLimit(blockNumbers, 8, async (blockNumber) => {
    const block = await client.getBlock({ blockNumber }).catch(() => undefined);
    hashes.set(blockNumber, block?.hash.toLowerCase() as Hash | undefined);
  });
  for (const [path, fact] of facts) {
    if (fact.chainId !== source.chainId || !isAddressEqual(fact.contract, source.kith)) {
      problem(path, `names chain ${fact.chainId} and contract ${fact.contract}, not the file's source`);
    } else if (hashes.get(fact.blockNumber) !== fact.blockHash) {
      problem(path, `block ${fact.blockNumber} of the chain is ${hashes.get(fact.blockNumber) ?? "missing"}, not ${fact.blockHash}`);
    }
  }

  // 3. The profile's state at the file's block: the contract agrees with the replay.
  const at = { blockNumber: source.blockNumber };
  const read = <T>(functionName: string, args: unknown[]) =>
    client.readContract({ address: source.kith, abi: kithAbi, functionName, args, ...at } as Parameters<PublicClient["readContract"]>[0]) as Promise<T>;
  try {
    const [handle, custody, recovery] = await Promise.all([
      read<string>("handleOf", [file.profile.id]),
      read<Address>("custodyOf", [file.profile.id]),
      read<Address>("recoveryOf", [file.profile.id]),
    ]);
    if (handle !== file.profile.handle) problem("$.profile.handle", `handleOf at block ${source.blockNumber} is ${handle}`);
    if (!isAddressEqual(custody, file.profile.custody)) problem("$.profile.custody", `custodyOf at block ${source.blockNumber} is ${custody}`);
    if (!isAddressEqual(recovery, file.profile.recovery)) problem("$.profile.recovery", `recoveryOf at block ${source.blockNumber} is ${recovery}`);
    await mapLimit([...file.follows.map((e, i) => ["follows", e, i] as const), ...file.blocks.map((e, i) => ["blocks", e, i] as const)], 8, async ([list, edge, i]) => {
      const [holds, handle] = await Promise.all([
        read<boolean>(list === "follows" ? "isFollowing" : "isBlocking", [file.profile.id, edge.profileId]),
        read<string>("handleOf", [edge.profileId]),
      ]);
      if (!holds) problem(`$.${list}[${i}]`, `${list === "follows" ? "isFollowing" : "isBlocking"}(${file.profile.id}, ${edge.profileId}) is false at block ${source.blockNumber}`);
      if (handle !== edge.handle) problem(`$.${list}[${i}].handle`, `handleOf(${edge.profileId}) at block ${source.blockNumber} is ${handle}`);
    });
  } catch (error) {
    // The handles of followed and blocked profiles are checked only here: unchecked is not verified.
    problem("$.source.blockNumber", `the RPC could not read the contract's state at block ${source.blockNumber} (use an RPC with archive state): ${(error as Error).message.split("\n")[0]}`);
  }

  // 4. Bodies: each is the bytes of its digest, and each digest the file records is accounted for.
  const recorded = new Set([file.profile.metadataHash, ...file.posts.map((post) => post.contentHash)].filter((digest) => digest !== ZERO_HASH));
  const present = new Set<string>();
  file.bodies.forEach((body, i) => {
    const actual = sha256(body.bytes);
    if (actual !== body.digest) problem(`$.bodies[${i}].bytes`, `their sha256 is ${actual}, not ${body.digest}`);
    if (body.cid !== cidOfDigest(body.digest)) problem(`$.bodies[${i}].cid`, `the CID of ${body.digest} is ${cidOfDigest(body.digest)}`);
    if (!recorded.has(body.digest)) problem(`$.bodies[${i}]`, `no post or metadata of the profile records ${body.digest}`);
    present.add(body.digest);
  });
  for (const digest of file.missingBodies) present.add(digest);
  for (const digest of recorded) if (!present.has(digest)) problem("$.bodies", `the body of ${digest} is neither in the file nor listed as missing`);
  return result(logs.length, blockNumbers.length + 1);
}

function describe(fact: ChainFact): string {
  return `block ${fact.blockNumber} (${fact.blockHash}), transaction ${fact.transactionHash}, log ${fact.logIndex}`;
}

/** Names each item of `file` that the chain does not have (or has otherwise), and each the file left out. */
function compareList<F, C>(
  path: string,
  file: readonly F[],
  chain: readonly C[],
  keyOf: (item: F | C) => string,
  valueOf: (item: F | C) => string,
  problem: (path: string, message: string) => void,
): void {
  const onChain = new Map(chain.map((item) => [keyOf(item), item]));
  const seen = new Set<string>();
  file.forEach((item, i) => {
    const key = keyOf(item);
    const match = onChain.get(key);
    if (seen.has(key)) problem(`${path}[${i}]`, `${key} is listed twice`);
    else if (!match) problem(`${path}[${i}]`, `the chain has no such item (${key}) as of the file's block`);
    else if (valueOf(match) !== valueOf(item)) problem(`${path}[${i}]`, `differs from the chain's: ${valueOf(match)}`);
    seen.add(key);
  });
  for (const [key] of onChain) if (!seen.has(key)) problem(path, `leaves out ${key}, which the chain has as of the file's block`);
}
