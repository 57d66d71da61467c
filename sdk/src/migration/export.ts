// `exportProfile`: a profile's graph, posts and bodies as a `KithExport`, read from the chain's own
// logs (not from an indexer), as of one pinned block. Indexers are asked only for bodies, which are
// checked against their digests. `verifyKithExport` (verify.ts) replays the same logs to check a
// file, so both read the chain through `readProfileLogs` and `replayProfileLogs` here.
import {
  type Address,
  decodeEventLog,
  encodeEventTopics,
  getAddress,
  type Hash,
  type Hex,
  type Log,
  numberToHex,
  type PublicClient,
  sha256,
} from "viem";

import { kithAbi } from "../abis.ts";
import { cidOfDigest } from "../posts.ts";
import {
  type ChainFact,
  type ExportedAppKey,
  type ExportedBody,
  type ExportedEdge,
  type ExportedLike,
  type ExportedPost,
  type ExportedPostKind,
  KITH_EXPORT_FORMAT,
  KITH_EXPORT_VERSION,
  type KithExport,
} from "./format.ts";

/** Events whose first indexed argument is the profile. */
const BY_FIRST_TOPIC = [
  "ProfileRegistered",
  "HandleChanged",
  "MetadataChanged",
  "CustodyTransferred",
  "Recovered",
  "RecoveryChanged",
  "Followed",
  "Unfollowed",
  "Blocked",
  "Unblocked",
  "AppKeyAdded",
  "AppKeyRevoked",
  "AllAppKeysRevoked",
] as const;
/** Events whose second indexed argument is the profile (the first is the post). */
const BY_SECOND_TOPIC = ["Posted", "Liked", "Unliked", "PostDeleted"] as const;

const ZERO_HASH = `0x${"0".repeat(64)}` as Hash;
const KINDS: readonly ExportedPostKind[] = ["post", "reply", "quote", "repost"];

export interface ReadProfileLogsOptions {
  client: PublicClient;
  kith: Address;
  profileId: bigint;
  /** The Kith deployment's block (its address book's `blockNumber`): no log of it is older. */
  fromBlock: bigint;
  toBlock: bigint;
  /** The most blocks one `eth_getLogs` covers (public RPCs cap it; default 10,000). */
  maxBlockRange?: bigint;
}

/** A Kith log about the profile, decoded, with the fact that locates it. */
export interface ProfileLog {
  eventName: string;
  args: Record<string, unknown>;
  fact: ChainFact;
}

function topicsOf(names: readonly string[]): Hex[] {
  return names.map((eventName) => encodeEventTopics({ abi: kithAbi, eventName } as Parameters<typeof encodeEventTopics>[0])[0]!);
}
const FIRST_TOPICS = topicsOf(BY_FIRST_TOPIC);
const SECOND_TOPICS = topicsOf(BY_SECOND_TOPIC);

/**
 * Every Kith log that names `profileId` in [fromBlock, toBlock], in chain order: two `eth_getLogs`
 * per range of `maxBlockRange` blocks (one for each position of the profile among the topics).
 */
export async function readProfileLogs({ client, kith, profileId, fromBlock, toBlock, maxBlockRange = 10_000n }: ReadProfileLogsOptions): Promise<ProfileLog[]> {
  if (maxBlockRange < 1n) throw new Error("readProfileLogs: maxBlockRange must be at least 1");
  const chainId = await client.getChainId();
  const id = numberToHex(profileId, { size: 32 });
  const raw: Log[] = [];
  for (const [from, to] of blockRanges(fromBlock, toBlock, maxBlockRange)) {
    const range = { address: kith, fromBlock: numberToHex(from), toBlock: numberToHex(to) };
    const [first, second] = await Promise.all([
      client.request({ method: "eth_getLogs", params: [{ ...range, topics: [FIRST_TOPICS, id] }] }),
      client.request({ method: "eth_getLogs", params: [{ ...range, topics: [SECOND_TOPICS, null, id] }] }),
    ]);
    raw.push(...(first as unknown as Log[]), ...(second as unknown as Log[]));
  }
  const logs = raw.map((log) => {
    const { eventName, args } = decodeEventLog({ abi: kithAbi, data: log.data, topics: log.topics as [Hex, ...Hex[]] });
    const fact: ChainFact = {
      chainId,
      contract: getAddress(log.address),
      blockNumber: BigInt(log.blockNumber!),
      blockHash: log.blockHash!.toLowerCase() as Hash,
      transactionHash: log.transactionHash!.toLowerCase() as Hash,
      logIndex: Number(log.logIndex),
    };
    return { eventName, args: args as unknown as Record<string, unknown>, fact };
  });
  return logs.sort((a, b) => compareFacts(a.fact, b.fact));
}

/** [from, to] ranges of at most `size` blocks covering [fromBlock, toBlock], in order. */
export function* blockRanges(fromBlock: bigint, toBlock: bigint, size: bigint): Generator<[bigint, bigint]> {
  for (let from = fromBlock; from <= toBlock; from += size) yield [from, from + size - 1n < toBlock ? from + size - 1n : toBlock];
}

export function compareFacts(a: ChainFact, b: ChainFact): number {
  return a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;
}

/** What the logs of one profile add up to (the export without its bodies and handles of others). */
export interface ReplayedProfile {
  profile: Omit<KithExport["profile"], "id"> | undefined;
  follows: Omit<ExportedEdge, "handle">[];
  blocks: Omit<ExportedEdge, "handle">[];
  posts: ExportedPost[];
  likes: ExportedLike[];
  appKeys: ExportedAppKey[];
}

/**
 * Replays the profile's logs in chain order as the contract's rules define them: a post lives from
 * its `Posted` (a repeat while live is a duplicate) until `PostDeleted`; a transfer or recovery
 * revokes every app key; app keys expired by `now` (unix seconds) are left out.
 */
export function replayProfileLogs(logs: readonly ProfileLog[], now: bigint): ReplayedProfile {
  let profile: ReplayedProfile["profile"];
  const follows = new Map<bigint, ChainFact>();
  const blocks = new Map<bigint, ChainFact>();
  const posts = new Map<bigint, ExportedPost>();
  const likes = new Map<bigint, ChainFact>();
  const appKeys = new Map<Address, ExportedAppKey>();
  for (const { eventName, args, fact } of logs) {
    const a = args as Record<string, any>;
    switch (eventName) {
      case "ProfileRegistered":
        profile = {
          handle: a.handle,
          custody: getAddress(a.custody),
          recovery: getAddress(a.recovery),
          metadataHash: (a.metadataHash as Hash).toLowerCase() as Hash,
          registered: fact,
          handleSet: fact,
          metadataSet: fact,
        };
        break;
      case "HandleChanged":
        if (profile) profile = { ...profile, handle: a.handle, handleSet: fact };
        break;
      case "MetadataChanged":
        if (profile) profile = { ...profile, metadataHash: (a.metadataHash as Hash).toLowerCase() as Hash, metadataSet: fact };
        break;
      case "CustodyTransferred":
      case "Recovered":
        if (profile) profile = { ...profile, custody: getAddress(a.to) };
        appKeys.clear();
        break;
      case "RecoveryChanged":
        if (profile) profile = { ...profile, recovery: getAddress(a.recovery) };
        break;
      case "Followed":
        if (!follows.has(a.followeeId)) follows.set(a.followeeId, fact);
        break;
      case "Unfollowed":
        follows.delete(a.followeeId);
        break;
      case "Blocked":
        blocks.set(a.blockedId, fact);
        break;
      case "Unblocked":
        blocks.delete(a.blockedId);
        break;
      case "AppKeyAdded":
        appKeys.set(getAddress(a.key), { key: getAddress(a.key), scopes: a.scopes, expiry: a.expiry, fact });
        break;
      case "AppKeyRevoked":
        appKeys.delete(getAddress(a.key));
        break;
      case "AllAppKeysRevoked":
        appKeys.clear();
        break;
      case "Posted":
        if (!posts.has(a.postId)) {
          posts.set(a.postId, {
            id: a.postId,
            kind: KINDS[Number(a.kind)]!,
            targetId: a.targetId,
            contentHash: (a.contentHash as Hash).toLowerCase() as Hash,
            uri: a.uri,
            actor: getAddress(a.actor),
            fact,
          });
        }
        break;
      case "PostDeleted":
        posts.delete(a.postId);
        break;
      case "Liked":
        if (!likes.has(a.postId)) likes.set(a.postId, fact);
        break;
      case "Unliked":
        likes.delete(a.postId);
        break;
    }
  }
  const byFact = <T extends { fact: ChainFact }>(items: Iterable<T>) => [...items].sort((x, y) => compareFacts(x.fact, y.fact));
  return {
    profile,
    follows: byFact([...follows].map(([profileId, fact]) => ({ profileId, fact }))),
    blocks: byFact([...blocks].map(([profileId, fact]) => ({ profileId, fact }))),
    posts: byFact(posts.values()),
    likes: byFact([...likes].map(([postId, fact]) => ({ postId, fact }))),
    appKeys: byFact([...appKeys.values()].filter((key) => key.expiry > now)),
  };
}

export interface ExportProfileOptions {
  client: PublicClient;
  kith: Address;
  /** A handle (with or without @) or a profile id. */
  profile: string | bigint;
  /** The Kith deployment's block (`deployments/<chainId>.json`, contracts.Kith.blockNumber). */
  fromBlock: bigint;
  /** The block the export describes (default: the latest). */
  blockNumber?: bigint;
  /** Indexers to fetch bodies from (their origin; each body is checked against its digest). */
  indexerUrls?: readonly string[];
  maxBlockRange?: bigint;
  /** Per body request (default 10 s). */
  timeout?: number;
}

export class KithExportNotFoundError extends Error {
  override name = "KithExportNotFoundError";
}

/** Reads the profile's state and history from the chain as of one block, and its bodies from indexers. */
export async function exportProfile(options: ExportProfileOptions): Promise<KithExport> {
  const { client, kith } = options;
  const block = await client.getBlock(options.blockNumber === undefined ? { blockTag: "latest" } : { blockNumber: options.blockNumber });
  const at = { blockNumber: block.number };
  const read = <T>(functionName: string, args: unknown[]) =>
    client.readContract({ address: kith, abi: kithAbi, functionName, args, ...at } as Parameters<PublicClient["readContract"]>[0]) as Promise<T>;
  let profileId: bigint;
  if (typeof options.profile === "bigint") profileId = options.profile;
  else {
    profileId = await read<bigint>("profileIdOf", [options.profile.replace(/^@/, "")]);
    if (profileId === 0n) throw new KithExportNotFoundError(`no profile has the handle ${options.profile} at block ${block.number}`);
  }
  const logs = await readProfileLogs({ client, kith, profileId, fromBlock: options.fromBlock, toBlock: block.number, maxBlockRange: options.maxBlockRange });
  const replayed = replayProfileLogs(logs, block.timestamp);
  if (!replayed.profile) throw new KithExportNotFoundError(`profile ${profileId} was not registered by block ${block.number}`);
  const handleOf = async (id: bigint) => read<string>("handleOf", [id]);
  const withHandles = (edges: Omit<ExportedEdge, "handle">[]) => mapLimit(edges, 8, async (edge) => ({ ...edge, handle: await handleOf(edge.profileId) }));
  const digests = [...new Set([replayed.profile.metadataHash, ...replayed.posts.map((post) => post.contentHash)])].filter((digest) => digest !== ZERO_HASH);
  const found = await mapLimit(digests, 8, (digest) => fetchBody(options.indexerUrls ?? [], digest, options.timeout ?? 10_000));
  const chainId = await client.getChainId();
  return {
    format: KITH_EXPORT_FORMAT,
    version: KITH_EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    source: { chainId, kith: getAddress(kith), blockNumber: block.number, blockHash: block.hash.toLowerCase() as Hash },
    profile: { id: profileId, ...replayed.profile },
    follows: await withHandles(replayed.follows),
    blocks: await withHandles(replayed.blocks),
    posts: replayed.posts,
    likes: replayed.likes,
    appKeys: replayed.appKeys,
    bodies: found.filter((body): body is ExportedBody => body !== undefined),
    missingBodies: digests.filter((_, i) => found[i] === undefined),
  };
}

/** The body whose sha256 is `digest`, from the first indexer that serves the right bytes. */
async function fetchBody(urls: readonly string[], digest: Hash, timeout: number): Promise<ExportedBody | undefined> {
  for (const url of urls) {
    try {
      const response = await fetch(new URL(`/content/${digest}`, url), { signal: AbortSignal.timeout(timeout) });
      if (!response.ok || !response.body) continue;
      const bytes = await readAtMost(response.body, MAX_BODY_BYTES);
      if (!bytes) continue;
      // An indexer is not trusted: bytes that are not the digest's are not this body.
      if (sha256(bytes) !== digest) continue;
      return { digest, cid: cidOfDigest(digest), bytes };
    } catch {
      // unreachable or slow: the next indexer may have it
    }
  }
  return undefined;
}

/** Bodies are at most 64 KiB (the indexer's limit): an indexer sending more is not sending a body. */
const MAX_BODY_BYTES = 64 * 1024;

/** The stream's bytes, or undefined once it passes `limit` (the rest is not read). */
async function readAtMost(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
