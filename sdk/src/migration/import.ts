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
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { type KithSigner, signAction, type SignedAction, toContractCall, viemSigner } from "../actions.ts";
import { kithAbi, kithBatchAbi } from "../abis.ts";
import { uploadContent } from "../content.ts";
import { authorOf, computePostId, PostKind } from "../posts.ts";
import type { KithActionName } from "../typedData.ts";
import { mapLimit, readProfileLogs, replayProfileLogs, type ReplayedProfile } from "./export.ts";
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
  /** True once the owner is the custody (the import finished). */
  complete: boolean;
  follows: { imported: number; already: number; missing: string[] };
  blocks: { imported: number; already: number; missing: string[] };
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
const BATCH_OVERHEAD = 60_000n;
const MAX_ROUNDS = 3;

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
  const chainId = await client.getChainId();
  const log = options.onProgress ?? (() => {});
  const read = <T>(functionName: string, args: unknown[]) =>
    client.readContract({ address: kith, abi: kithAbi, functionName, args } as Parameters<PublicClient["readContract"]>[0]) as Promise<T>;
  const report: ImportProfileReport = {
    profileId: 0n,
    handle,
    complete: false,
    follows: { imported: 0, already: 0, missing: [] },
    blocks: { imported: 0, already: 0, missing: [] },
    posts: { imported: 0, already: 0, asPlainPosts: 0, skipped: [] },
    likes: { imported: 0, already: 0, skipped: 0 },
    bodies: { uploaded: 0, failed: [] },
    transactions: [],
    gasUsed: 0n,
  };
  let budget = options.maxTransactions ?? Number.POSITIVE_INFINITY;
  const maxBlockRange = options.maxBlockRange ?? 10_000n;

  /** Sends signed actions through KithBatch, as few transactions as `maxGas` allows; returns how many failed. */
  async function send(actions: SignedAction[]): Promise<number> {
    const maxGas = options.maxGas ?? 12_000_000n;
    let failures = 0;
    for (let start = 0; start < actions.length; ) {
      const calls: { gas: bigint; data: Hex }[] = [];
      let gas = BATCH_OVERHEAD;
      while (start + calls.length < actions.length) {
        const signed = actions[start + calls.length]!;
        const need = callGas(signed) + BATCH_OVERHEAD_PER_CALL;
        if (calls.length > 0 && gas + need > maxGas) break;
        const { functionName, args } = toContractCall(signed);
        calls.push({ gas: callGas(signed), data: encodeFunctionData({ abi: kithAbi, functionName, args } as Parameters<typeof encodeFunctionData>[0]) });
        gas += need;
      }
      if (budget-- <= 0) throw new KithImportError("send_failed", "stopped after the transactions it was allowed (maxTransactions): resume with the same import key");
      const hash = await payer.writeContract({ address: batch, abi: kithBatchAbi, functionName: "batch", args: [kith, calls], gas, chain: payer.chain, account: payer.account });
      const receipt = await client.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new KithImportError("send_failed", `the batch transaction ${hash} reverted`);
      failures += parseEventLogs({ abi: kithBatchAbi, eventName: "CallFailed", logs: receipt.logs }).length;
      report.transactions.push({ hash, gasUsed: receipt.gasUsed, calls: calls.length });
      report.gasUsed += receipt.gasUsed;
      start += calls.length;
    }
    return failures;
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

  // 1. The profile: ours to resume (K or, once accepted, the owner holds it), or registered now.
  let profileId = await read<bigint>("profileIdOf", [handle]);
  if (profileId !== 0n) {
    // Custody K: ours, being imported. Custody the owner: ours only if K registered it (a finished
    // import), not the owner's own profile of that handle. Anyone else's: taken.
    const custody = (await read<Address>("custodyOf", [profileId])).toLowerCase();
    const ours = custody === key.address.toLowerCase() || (custody === owner.address.toLowerCase() && (await registrantOf(profileId)) === key.address.toLowerCase());
    if (!ours) {
      throw new KithImportError(
        "handle_taken",
        `the handle @${handle} is taken on chain ${chainId} (profile ${profileId}, custody ${getAddress(custody)}): choose another handle for the import (--handle)`,
      );
    }
  } else {
    log(`registering @${handle} (custody: the import key ${key.address}; recovery: ${owner.address})`);
    const [signed] = await signAll([{ action: "Register", message: { custody: key.address, handle, recovery: owner.address, metadataHash: file.profile.metadataHash } }]);
    const { functionName, args } = toContractCall(signed!);
    if (budget-- <= 0) throw new KithImportError("send_failed", "stopped after the transactions it was allowed (maxTransactions): resume with the same import key");
    const hash = await payer.writeContract({ address: kith, abi: kithAbi, functionName, args, chain: payer.chain, account: payer.account } as Parameters<typeof payer.writeContract>[0]);
    const receipt = await client.waitForTransactionReceipt({ hash });
    const [registered] = parseEventLogs({ abi: kithAbi, eventName: "ProfileRegistered", logs: receipt.logs });
    if (receipt.status !== "success" || !registered) throw new KithImportError("handle_taken", `registering @${handle} failed (transaction ${hash}): the handle may have been taken meanwhile`);
    report.transactions.push({ hash, gasUsed: receipt.gasUsed, calls: 1 });
    report.gasUsed += receipt.gasUsed;
    profileId = registered.args.profileId;
  }
  report.profileId = profileId;

  /** The custody the profile was registered with (lower case). */
  async function registrantOf(id: bigint): Promise<string | undefined> {
    const logs = await readProfileLogs({ client, kith, profileId: id, fromBlock: options.fromBlock, toBlock: await client.getBlockNumber(), maxBlockRange });
    const registered = logs.find((entry) => entry.eventName === "ProfileRegistered");
    return registered && (registered.args.custody as Address).toLowerCase();
  }
  /** The profile as the target chain's logs have it now; read from its registration block once known. */
  let since = options.fromBlock;
  const state = async (): Promise<ReplayedProfile> => {
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
  const targets = async (edges: KithExport["follows"], list: "follows" | "blocks") => {
    const ids = await mapLimit(edges, 8, (edge) => read<bigint>("profileIdOf", [edge.handle]));
    const found: bigint[] = [];
    edges.forEach((edge, i) => {
      if (ids[i] === 0n || ids[i] === profileId) report[list].missing.push(edge.handle);
      else found.push(ids[i]!);
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
      entry = { action: "Repost", message: { profileId, repostedId: own }, id: computePostId(profileId, PostKind.Repost, own, post.contentHash), from: post };
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
  const livePosts = () => new Set(current.posts.map((post) => post.id));
  const initial = { follows: new Set(current.follows.map((e) => e.profileId)), blocks: new Set(current.blocks.map((e) => e.profileId)), posts: livePosts(), likes: new Set(current.likes.map((l) => l.postId)) };
  report.follows.already = followIds.filter((id) => initial.follows.has(id)).length;
  report.blocks.already = blockIds.filter((id) => initial.blocks.has(id)).length;
  report.posts.already = planned.filter((p) => initial.posts.has(p.id)).length;
  report.likes.already = likeIds.filter((id) => initial.likes.has(id)).length;
  const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
  const maxBatch = Number(await read<bigint>("MAX_BATCH_SIZE", []));
  for (let round = 0; round < MAX_ROUNDS && custody() === key.address.toLowerCase(); round++) {
    const following = new Set(current.follows.map((e) => e.profileId));
    const blocking = new Set(current.blocks.map((e) => e.profileId));
    const posted = livePosts();
    const liked = new Set(current.likes.map((l) => l.postId));
    const follows = followIds.filter((id) => !following.has(id));
    const blocks = blockIds.filter((id) => !blocking.has(id));
    const posts = planned.filter((p) => !posted.has(p.id));
    // A post whose target is not on chain yet (its call failed in an earlier round) waits for the next.
    const ready: Planned[] = [];
    const coming = new Set(posted);
    for (const p of posts) {
      const target = (p.message.parentId ?? p.message.quotedId ?? p.message.repostedId) as bigint | undefined;
      if (target !== undefined && !coming.has(target)) continue;
      ready.push(p);
      coming.add(p.id);
    }
    const likes = likeIds.filter((id) => !liked.has(id) && coming.has(id));
    if (follows.length + blocks.length + ready.length + likes.length === 0) break;
    // After a failed batch call, the next round sends one id per call: one bad id cannot fail the rest.
    const size = round === 0 ? maxBatch : 1;
    log(`round ${round + 1}: ${follows.length} follows, ${blocks.length} blocks, ${ready.length} posts, ${likes.length} likes to send`);
    const signed = await signAll([
      ...chunks(follows, size).map((followeeIds) => ({ action: "FollowBatch" as const, message: { followerId: profileId, followeeIds } })),
      ...chunks(blocks, size).map((blockedIds) => ({ action: "BlockBatch" as const, message: { blockerId: profileId, blockedIds } })),
      ...ready.map((p) => ({ action: p.action, message: p.message })),
      ...likes.map((postId) => ({ action: "Like" as const, message: { profileId, postId } })),
    ]);
    const failed = await send(signed);
    if (failed > 0) log(`round ${round + 1}: ${failed} of ${signed.length} calls failed; the next round retries what is missing`);
    current = await state();
  }

  const finalFollows = new Set(current.follows.map((e) => e.profileId));
  const finalBlocks = new Set(current.blocks.map((e) => e.profileId));
  const finalPosts = livePosts();
  const finalLikes = new Set(current.likes.map((l) => l.postId));
  report.follows.imported = followIds.filter((id) => finalFollows.has(id)).length - report.follows.already;
  report.blocks.imported = blockIds.filter((id) => finalBlocks.has(id)).length - report.blocks.already;
  report.posts.imported = planned.filter((p) => finalPosts.has(p.id)).length - report.posts.already;
  report.likes.imported = likeIds.filter((id) => finalLikes.has(id)).length - report.likes.already;
  const missingPosts = planned.filter((p) => !finalPosts.has(p.id));
  for (const p of missingPosts) report.posts.skipped.push({ id: p.from.id, reason: `not on the target after ${MAX_ROUNDS} rounds (its call kept failing)` });

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

  // 6. The owner's one signature: K offers the profile, the owner accepts, in one transaction.
  if (custody() === key.address.toLowerCase() && missingPosts.length === 0) {
    log(`handing @${handle} to ${owner.address}: the owner signs AcceptTransfer`);
    const [offer] = await signAll([{ action: "OfferTransfer", message: { profileId, to: owner.address } }]);
    const accept = await signAction({
      signer: owner,
      action: "AcceptTransfer",
      message: { profileId },
      nonce: await read<bigint>("nonces", [owner.address, 0n]),
      chainId,
      kith,
    });
    const failed = await send([offer!, accept]);
    if (failed > 0) throw new KithImportError("send_failed", `the hand-over of @${handle} to ${owner.address} failed: resume with the same import key`);
    current = await state();
  }
  report.complete = custody() === owner.address.toLowerCase();
  return report;
}
