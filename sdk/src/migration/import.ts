// `importProfile`: re-creates an exported profile on another Kith deployment (another chain, or a
// new Kith), with one signature of its owner.
//
// How one signature suffices: an import key K (a fresh private key the caller keeps until the import
// is done, so it can resume) registers the profile as its custody, with the owner as recovery (the
// owner can take the profile back at any time with `recover`), signs every follow, block, post and
// like, and at the end offers the profile to the owner; the owner's one signature is the
// `AcceptTransfer`, which also revokes anything K could still do. Anyone pays: the payer sends K's
// signed actions through KithBatch, many per transaction, each with its own gas.
//
// Resuming: nothing is remembered but K. Each round reads the profile's logs on the target chain
// (export.ts) and signs only what is not there yet; post ids are deterministic (author, kind, target,
// digest), so a post already sent is recognised and never sent twice.
//
// What maps: follows and blocks of profiles that exist on the target under the same handle; posts
// (each with its original in `uri`, see `originUri`); replies and quotes of the profile's own posts,
// kept as replies and quotes of their imported copies (others' posts have no copy: they come as
// plain posts, and their origin keeps the link); reposts and likes of its own posts. The report
// lists everything that did not map, with why.
import {
  type Address,
  type Chain,
  encodeFunctionData,
  getAddress,
  type Hash,
  type Hex,
  parseEventLogs,
  type PublicClient,
  type Transport,
  type WalletClient,
  type Account,
  zeroHash,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { type KithSigner, signAction, type SignedAction, toContractCall, viemSigner } from "../actions.ts";
import { kithAbi, kithBatchAbi } from "../abis.ts";
import { uploadContent } from "../content.ts";
import { authorOf, computePostId, PostKind } from "../posts.ts";
import type { KithActionName } from "../typedData.ts";
import { decodeKithRevert, formatKithRevert } from "../values.ts";
import { blockRanges, mapLimit, readProfileLogs, replayProfileLogs, type ReplayedProfile } from "./export.ts";
import { type ExportedPost, type KithExport, originUri } from "./format.ts";

export class KithImportError extends Error {
  override name = "KithImportError";
  readonly code: "handle_taken" | "send_failed";

  constructor(code: KithImportError["code"], message: string) {
    super(message);
    this.code = code;
  }
}

export interface ImportProfileOptions {
  file: KithExport;
  /** The target chain. */
  client: PublicClient;
  /** Sends (and pays for) the transactions: the owner's wallet, or anyone's (a relayer operator's). */
  payer: WalletClient<Transport, Chain, Account>;
  /** The owner of the imported profile: signs once (`AcceptTransfer`), at the end. */
  owner: KithSigner;
  /** The target deployment's Kith and KithBatch, and Kith's deployment block. */
  kith: Address;
  batch: Address;
  fromBlock: bigint;
  /** The import key's private key: the same one to resume an interrupted import. */
  importKey: Hex;
  /** The recovery address of the imported profile (default: the owner). */
  recovery?: Address;
  /** The handle on the target (default: the exported one). */
  handle?: string;
  /** Indexers of the target deployment to upload the bodies to. */
  indexerUrls?: readonly string[];
  /** Most gas of one transaction's calls (default 12,000,000). */
  maxGas?: bigint;
  /** The most blocks one `eth_getLogs` covers when reading the target (default 10,000). */
  maxBlockRange?: bigint;
  /** Progress lines ("posts: 400 of 1000 sent"). */
  onProgress?: (line: string) => void;
  /** Stop after sending this many transactions (tests of resuming); default no limit. */
  maxTransactions?: number;
}

export interface ImportProfileReport {
  profileId: bigint;
  handle: string;
  /** True once the owner is the custody and `recovery` the recovery (the import finished). */
  complete: boolean;
  recovery: Address;
  /** Imported, already on the target, not on the target (by handle), refused by the target (with why). */
  follows: { imported: number; already: number; missing: string[]; refused: { handle: string; reason: string }[] };
  blocks: { imported: number; already: number; missing: string[]; refused: { handle: string; reason: string }[] };
  posts: { imported: number; already: number; asPlainPosts: number; skipped: { id: bigint; reason: string }[] };
  likes: { imported: number; already: number; skipped: number };
  bodies: { uploaded: number; failed: { digest: Hash; reason: string }[] };
  transactions: { hash: Hash; gasUsed: bigint; calls: number }[];
  gasUsed: bigint;
}

/** Gas each kind of call may use inside KithBatch (a fresh signer's first nonce, a 100-byte uri, margin). */
const CALL_GAS: Partial<Record<KithActionName, bigint>> = {
  Post: 90_000n,
  Reply: 90_000n,
  Quote: 90_000n,
  Repost: 80_000n,
  Like: 80_000n,
  OfferTransfer: 80_000n,
  // The owner may be a contract wallet: a Safe's ERC-1271 check takes ~50-60k.
  AcceptTransfer: 250_000n,
};
const BATCH_ID_GAS = 30_000n;
const BATCH_BASE_GAS = 90_000n;
/** KithBatch's own cost per call and per transaction (see relayer/sender.ts). */
const BATCH_OVERHEAD_PER_CALL = 10_000n;
const BATCH_OVERHEAD = 10_000n;
/**
 * Each round either lands everything it sends or finds the first call that failed (and refuses it
 * for good unless it failed only for its nonce): the rounds end long before this.
 */
const MAX_ROUNDS = 64;
/** The gas a KithBatch transaction of `calls` needs (as relayer/sender.ts computes it). */
function batchGas(calls: readonly { gas: bigint }[], dataBytes: number): bigint {
  const inner = calls.reduce((sum, call) => sum + call.gas, 0n);
  // EIP-150 keeps 1/64 of what is left from each call: KithBatch demands it (InsufficientGas).
  return 21_000n + inner + (inner + 62n) / 63n + BATCH_OVERHEAD_PER_CALL * BigInt(calls.length) + BATCH_OVERHEAD + 16n * BigInt(dataBytes);
}

function callGas(signed: SignedAction): bigint {
  const message = signed.message as Record<string, unknown>;
  const ids = (message.followeeIds ?? message.blockedIds) as unknown[] | undefined;
  if (ids) return BATCH_BASE_GAS + BATCH_ID_GAS * BigInt(ids.length);
  return CALL_GAS[signed.action] ?? 150_000n;
}

/** Imports `file` into the target deployment, or resumes an import of it with the same `importKey`. */
export async function importProfile(options: ImportProfileOptions): Promise<ImportProfileReport> {
  const { file, client, payer, owner, kith, batch } = options;
  const key = privateKeyToAccount(options.importKey);
  const signer = viemSigner(key);
  const handle = (options.handle ?? file.profile.handle).replace(/^@/, "");
  const recovery = getAddress(options.recovery ?? owner.address);
  const chainId = await client.getChainId();
  const log = options.onProgress ?? (() => {});
  const read = <T>(functionName: string, args: unknown[]) =>
    client.readContract({ address: kith, abi: kithAbi, functionName, args } as Parameters<PublicClient["readContract"]>[0]) as Promise<T>;
  const report: ImportProfileReport = {
    profileId: 0n,
    handle,
    complete: false,
    recovery,
    follows: { imported: 0, already: 0, missing: [], refused: [] },
    blocks: { imported: 0, already: 0, missing: [], refused: [] },
    posts: { imported: 0, already: 0, asPlainPosts: 0, skipped: [] },
    likes: { imported: 0, already: 0, skipped: 0 },
    bodies: { uploaded: 0, failed: [] },
    transactions: [],
    gasUsed: 0n,
  };
  let budget = options.maxTransactions ?? Number.POSITIVE_INFINITY;
  const maxBlockRange = options.maxBlockRange ?? 10_000n;

  /** The block of the last receipt: reads wait until the RPC has it (a node behind a balancer may lag). */
  let seenBlock = 0n;
  const awaitSeen = async () => {
    while ((await client.getBlockNumber({ cacheTime: 0 })) < seenBlock) await new Promise((resolve) => setTimeout(resolve, 250));
  };

  /**
   * Sends signed actions through KithBatch, in order, as few transactions as `maxGas` allows. A
   * failed call leaves its nonce unused, so every later one fails too: sending stops after the
   * transaction that had one, and the answer is the first failed action's index and revert data.
   */
  async function send(actions: SignedAction[]): Promise<{ index: number; reason: Hex } | undefined> {
    const maxGas = options.maxGas ?? 12_000_000n;
    for (let start = 0; start < actions.length; ) {
      const calls: { gas: bigint; data: Hex }[] = [];
      let bytes = 0;
      while (start + calls.length < actions.length) {
        const signed = actions[start + calls.length]!;
        const { functionName, args } = toContractCall(signed);
        const call = { gas: callGas(signed), data: encodeFunctionData({ abi: kithAbi, functionName, args } as Parameters<typeof encodeFunctionData>[0]) };
        // Its bytes, and the offset and length words ABI encoding adds for it.
        const callBytes = (call.data.length - 2) / 2 + 128;
        if (calls.length > 0 && batchGas([...calls, call], bytes + callBytes + 100) > maxGas) break;
        calls.push(call);
        bytes += callBytes;
      }
      if (budget-- <= 0) throw new KithImportError("send_failed", "stopped after the transactions it was allowed (maxTransactions): resume with the same import key");
      const gas = batchGas(calls, bytes + 100);
      const hash = await payer.writeContract({ address: batch, abi: kithBatchAbi, functionName: "batch", args: [kith, calls], gas, chain: payer.chain, account: payer.account });
      const receipt = await client.waitForTransactionReceipt({ hash });
      seenBlock = receipt.blockNumber;
      report.transactions.push({ hash, gasUsed: receipt.gasUsed, calls: calls.length });
      report.gasUsed += receipt.gasUsed;
      if (receipt.status !== "success") throw new KithImportError("send_failed", `the batch transaction ${hash} reverted: resume with the same import key`);
      const batchLogs = receipt.logs.filter((entry) => entry.address.toLowerCase() === batch.toLowerCase());
      const [failed] = parseEventLogs({ abi: kithBatchAbi, eventName: "CallFailed", logs: batchLogs });
      if (failed) return { index: start + Number(failed.args.index), reason: failed.args.reason };
      start += calls.length;
    }
    return undefined;
  }

  /** K's signatures of `actions`, in order, from its current nonce (one round's worth). */
  async function signAll(actions: { action: KithActionName; message: object }[]): Promise<SignedAction[]> {
    let nonce = await read<bigint>("nonces", [key.address, 0n]);
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 3 * 3600);
    const signed: SignedAction[] = [];
    for (const { action, message } of actions) {
      signed.push(await signAction({ signer, action, message: message as never, nonce: nonce++, deadline, chainId, kith }));
    }
    return signed;
  }

  // 1. The profile: the one K registered (an import to resume, or a finished one), else registered
  // now under `handle` if nobody holds it. One import key makes one profile, whatever its handle.
  let profileId: bigint | undefined = await registeredBy(key.address);
  if (profileId !== undefined) {
    const current = await read<string>("handleOf", [profileId]);
    if (current !== handle) log(`the import key registered @${current} (profile ${profileId}): resuming that one`);
    report.handle = current;
  } else if ((profileId = await read<bigint>("profileIdOf", [handle])) !== 0n) {
    const custody = await read<Address>("custodyOf", [profileId]);
    throw new KithImportError(
      "handle_taken",
      `the handle @${handle} is taken on chain ${chainId} (profile ${profileId}, custody ${custody}): choose another handle for the import (--handle)`,
    );
  } else {
    log(`registering @${handle} (custody: the import key ${key.address}; recovery: ${recovery})`);
    const [signed] = await signAll([{ action: "Register", message: { custody: key.address, handle, recovery, metadataHash: file.profile.metadataHash } }]);
    const { functionName, args } = toContractCall(signed!);
    if (budget-- <= 0) throw new KithImportError("send_failed", "stopped after the transactions it was allowed (maxTransactions): resume with the same import key");
    const hash = await payer.writeContract({ address: kith, abi: kithAbi, functionName, args, chain: payer.chain, account: payer.account } as Parameters<typeof payer.writeContract>[0]);
    const receipt = await client.waitForTransactionReceipt({ hash });
    seenBlock = receipt.blockNumber;
    const kithLogs = receipt.logs.filter((entry) => entry.address.toLowerCase() === kith.toLowerCase());
    const [registered] = parseEventLogs({ abi: kithAbi, eventName: "ProfileRegistered", logs: kithLogs });
    if (receipt.status !== "success" || !registered) throw new KithImportError("handle_taken", `registering @${handle} failed (transaction ${hash}): the handle may have been taken meanwhile`);
    report.transactions.push({ hash, gasUsed: receipt.gasUsed, calls: 1 });
    report.gasUsed += receipt.gasUsed;
    profileId = registered.args.profileId;
  }
  report.profileId = profileId;

  /** The first profile registered with `custody` as its custody, if any. */
  async function registeredBy(custody: Address): Promise<bigint | undefined> {
    const toBlock = await client.getBlockNumber();
    const event = kithAbi.find((item) => item.type === "event" && item.name === "ProfileRegistered") as Extract<(typeof kithAbi)[number], { type: "event"; name: "ProfileRegistered" }>;
    for (const [from, to] of blockRanges(options.fromBlock, toBlock, maxBlockRange)) {
      const [first] = await client.getLogs({ address: kith, event, args: { custody }, fromBlock: from, toBlock: to });
      if (first) return first.args.profileId;
    }
    return undefined;
  }
  /** The profile as the target chain's logs have it now; read from its registration block once known. */
  let since = options.fromBlock;
  const state = async (): Promise<ReplayedProfile> => {
    await awaitSeen();
    const head = await client.getBlock({ blockTag: "latest" });
    const replayed = replayProfileLogs(await readProfileLogs({ client, kith, profileId, fromBlock: since, toBlock: head.number, maxBlockRange }), head.timestamp);
    if (replayed.profile) since = replayed.profile.registered.blockNumber;
    return replayed;
  };
  let current = await state();
  const custody = () => current.profile?.custody.toLowerCase();
  if (custody() === owner.address.toLowerCase()) {
    log(`@${handle} (profile ${profileId}) is already imported and accepted by ${owner.address}`);
  }

  // 2. Who the follows and blocks are on the target: the same handle.
  const handles = new Map<bigint, string>();
  const targets = async (edges: KithExport["follows"], list: "follows" | "blocks") => {
    const ids = await mapLimit(edges, 8, (edge) => read<bigint>("profileIdOf", [edge.handle]));
    const found: bigint[] = [];
    edges.forEach((edge, i) => {
      if (ids[i] === 0n || ids[i] === profileId) report[list].missing.push(edge.handle);
      else {
        found.push(ids[i]!);
        handles.set(ids[i]!, edge.handle);
      }
    });
    return found;
  };
  const followIds = await targets(file.follows, "follows");
  const blockIds = await targets(file.blocks, "blocks");

  // 3. Posts in chain order: a reply or quote of one of the profile's own posts points at its copy.
  const copies = new Map<bigint, bigint>();
  type Planned = { action: "Post" | "Reply" | "Quote" | "Repost"; message: Record<string, unknown>; id: bigint; from: ExportedPost };
  const planned: Planned[] = [];
  const plannedIds = new Set<bigint>();
  for (const post of file.posts) {
    const own = post.targetId !== 0n && authorOf(post.targetId) === file.profile.id ? copies.get(post.targetId) : undefined;
    const uri = originUri({ chainId: file.source.chainId, contract: file.source.kith, postId: post.id });
    let entry: Planned | undefined;
    if (post.kind === "repost") {
      if (own === undefined) {
        report.posts.skipped.push({ id: post.id, reason: "a repost of a post that has no copy on the target (another profile's, or deleted)" });
        continue;
      }
      entry = { action: "Repost", message: { profileId, repostedId: own }, id: computePostId(profileId, PostKind.Repost, own, zeroHash), from: post };
    } else if (post.kind === "post" || own === undefined) {
      if (post.kind !== "post") report.posts.asPlainPosts++;
      entry = { action: "Post", message: { profileId, contentHash: post.contentHash, uri }, id: computePostId(profileId, PostKind.Post, 0n, post.contentHash), from: post };
    } else if (post.kind === "reply") {
      entry = { action: "Reply", message: { profileId, parentId: own, contentHash: post.contentHash, uri }, id: computePostId(profileId, PostKind.Reply, own, post.contentHash), from: post };
    } else {
      entry = { action: "Quote", message: { profileId, quotedId: own, contentHash: post.contentHash, uri }, id: computePostId(profileId, PostKind.Quote, own, post.contentHash), from: post };
    }
    if (plannedIds.has(entry.id)) {
      report.posts.skipped.push({ id: post.id, reason: `the same post on the target as an earlier one (${entry.id}): same kind, target and body` });
      continue;
    }
    plannedIds.add(entry.id);
    copies.set(post.id, entry.id);
    planned.push(entry);
  }
  const likeIds: bigint[] = [];
  for (const like of file.likes) {
    const copy = copies.get(like.postId);
    if (copy === undefined) report.likes.skipped++;
    else likeIds.push(copy);
  }

  // 4. Rounds: sign what the target does not have yet, send it, read the target again.
  /** What the target has now, as sets of ids. */
  const present = () => ({
    follows: new Set(current.follows.map((e) => e.profileId)),
    blocks: new Set(current.blocks.map((e) => e.profileId)),
    posts: new Set(current.posts.map((post) => post.id)),
    likes: new Set(current.likes.map((l) => l.postId)),
  });
  const initial = present();
  report.follows.already = followIds.filter((id) => initial.follows.has(id)).length;
  report.blocks.already = blockIds.filter((id) => initial.blocks.has(id)).length;
  report.posts.already = planned.filter((p) => initial.posts.has(p.id)).length;
  report.likes.already = likeIds.filter((id) => initial.likes.has(id)).length;
  const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
  const maxBatch = Number(await read<bigint>("MAX_BATCH_SIZE", []));
  /** What the target refused for good (a followee that blocks the profile, ...), by item, with why. */
  const refused = { follows: new Map<bigint, string>(), blocks: new Map<bigint, string>(), posts: new Map<bigint, string>(), likes: new Map<bigint, string>() };
  /** Follows and blocks go one id per call once a batch of them failed without naming the id. */
  let singles = false;
  type Tagged = { action: KithActionName; message: object; list: keyof typeof refused; ids: bigint[] };
  for (let round = 0; round < MAX_ROUNDS && custody() === key.address.toLowerCase(); round++) {
    const { follows: following, blocks: blocking, posts: posted, likes: liked } = present();
    const follows = followIds.filter((id) => !following.has(id) && !refused.follows.has(id));
    const blocks = blockIds.filter((id) => !blocking.has(id) && !refused.blocks.has(id));
    const posts = planned.filter((p) => !posted.has(p.id) && !refused.posts.has(p.id));
    // A post whose target is not on chain (its call was refused) is refused with it.
    const ready: Planned[] = [];
    const coming = new Set(posted);
    for (const p of posts) {
      const target = (p.message.parentId ?? p.message.quotedId ?? p.message.repostedId) as bigint | undefined;
      if (target !== undefined && !coming.has(target)) {
        refused.posts.set(p.id, `what it points at (${target}) was refused`);
        continue;
      }
      ready.push(p);
      coming.add(p.id);
    }
    const likes = likeIds.filter((id) => !liked.has(id) && !refused.likes.has(id) && coming.has(id));
    if (follows.length + blocks.length + ready.length + likes.length === 0) break;
    const size = singles ? 1 : maxBatch;
    log(`round ${round + 1}: ${follows.length} follows, ${blocks.length} blocks, ${ready.length} posts, ${likes.length} likes to send`);
    const tagged: Tagged[] = [
      ...chunks(follows, size).map((followeeIds) => ({ action: "FollowBatch" as const, message: { followerId: profileId, followeeIds }, list: "follows" as const, ids: followeeIds })),
      ...chunks(blocks, size).map((blockedIds) => ({ action: "BlockBatch" as const, message: { blockerId: profileId, blockedIds }, list: "blocks" as const, ids: blockedIds })),
      ...ready.map((p) => ({ action: p.action, message: p.message, list: "posts" as const, ids: [p.id] })),
      ...likes.map((postId) => ({ action: "Like" as const, message: { profileId, postId }, list: "likes" as const, ids: [postId] })),
    ];
    const failed = await send(await signAll(tagged));
    if (failed) {
      // Every call after it failed for its nonce: the next round signs them again.
      const item = tagged[failed.index]!;
      const revert = decodeKithRevert(failed.reason);
      if (revert?.errorName === "InvalidAccountNonce") {
        log(`round ${round + 1}: a call failed for its nonce (a replayed signature, or an RPC behind): signing again`);
      } else {
        const reason = revert ? formatKithRevert(revert) : `reverted without a reason (${failed.reason})`;
        // A batch's error names the id it stopped at (ProfileBlocked, AlreadyBlocked, ...).
        const named = item.ids.length > 1 ? item.ids.find((id) => revert?.args.some((arg) => arg === id)) : item.ids[0];
        if (named !== undefined) refused[item.list].set(named, reason);
        else singles = true;
        log(`round ${round + 1}: ${item.action} refused: ${reason}`);
      }
    }
    current = await state();
  }

  const { follows: finalFollows, blocks: finalBlocks, posts: finalPosts, likes: finalLikes } = present();
  report.follows.imported = followIds.filter((id) => finalFollows.has(id)).length - report.follows.already;
  report.blocks.imported = blockIds.filter((id) => finalBlocks.has(id)).length - report.blocks.already;
  report.posts.imported = planned.filter((p) => finalPosts.has(p.id)).length - report.posts.already;
  report.likes.imported = likeIds.filter((id) => finalLikes.has(id)).length - report.likes.already;
  for (const list of ["follows", "blocks"] as const) {
    for (const [id, reason] of refused[list]) report[list].refused.push({ handle: handles.get(id) ?? String(id), reason });
  }
  for (const p of planned) {
    const reason = refused.posts.get(p.id);
    if (reason !== undefined) report.posts.skipped.push({ id: p.from.id, reason: `refused by the target: ${reason}` });
  }
  report.likes.skipped += refused.likes.size;
  // Everything planned is on the target or refused for good: else a resume may still land it.
  const unsettled =
    followIds.some((id) => !finalFollows.has(id) && !refused.follows.has(id)) ||
    blockIds.some((id) => !finalBlocks.has(id) && !refused.blocks.has(id)) ||
    planned.some((p) => !finalPosts.has(p.id) && !refused.posts.has(p.id)) ||
    likeIds.some((id) => !finalLikes.has(id) && !refused.likes.has(id));

  // 5. Bodies, to the target's indexers (each waits until its indexer has seen the post).
  if (options.indexerUrls?.length) {
    const wanted = new Set([file.profile.metadataHash, ...planned.filter((p) => finalPosts.has(p.id)).map((p) => p.from.contentHash)]);
    const bodies = file.bodies.filter((body) => wanted.has(body.digest));
    log(`uploading ${bodies.length} bodies to ${options.indexerUrls.length} indexer(s)`);
    await mapLimit(bodies, 8, async (body) => {
      try {
        await uploadContent(options.indexerUrls!, body.bytes, { waitMs: 120_000 });
        report.bodies.uploaded++;
      } catch (error) {
        report.bodies.failed.push({ digest: body.digest, reason: (error as Error).message });
      }
    });
  }

  // 6. The owner's one signature: K sets the recovery if it is not the one asked for (a resumed
  // import of an earlier owner's), offers the profile, and the owner accepts, in one transaction.
  if (custody() === key.address.toLowerCase() && !unsettled) {
    log(`handing @${handle} to ${owner.address} (recovery ${recovery}): the owner signs AcceptTransfer`);
    const setRecovery = current.profile!.recovery.toLowerCase() === recovery.toLowerCase() ? [] : [{ action: "ChangeRecovery" as const, message: { profileId, recovery } }];
    const signed = await signAll([...setRecovery, { action: "OfferTransfer", message: { profileId, to: owner.address } }]);
    const accept = await signAction({
      signer: owner,
      action: "AcceptTransfer",
      message: { profileId },
      nonce: await read<bigint>("nonces", [owner.address, 0n]),
      chainId,
      kith,
    });
    const failed = await send([...signed, accept]);
    if (failed) {
      const revert = decodeKithRevert(failed.reason);
      throw new KithImportError("send_failed", `the hand-over of @${handle} to ${owner.address} failed (${revert ? formatKithRevert(revert) : failed.reason}): resume with the same import key`);
    }
    current = await state();
  }
  // Done when the owner holds it and the recovery is the one asked for: nobody else can take it.
  report.complete = custody() === owner.address.toLowerCase() && current.profile?.recovery.toLowerCase() === recovery.toLowerCase();
  report.recovery = current.profile ? current.profile.recovery : recovery;
  return report;
}
