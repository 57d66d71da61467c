// Measures the gas of every Kith action on Hardhat's in-process chain: `npm run gas` writes the
// README table from it, and test/contracts/gas.test.ts fails when the README is out of date.
import type { NetworkConnection } from "hardhat/types/network";
import { encodeFunctionData, type Hex, numberToHex, padHex, zeroAddress, zeroHash } from "viem";

import { type ActionMessage, computePostId, contentHash, KITH_ACTION_NAMES, type KithActionName, PostKind, signAction, signChannelsAction, signModerationAction, type SignedAction, toContractCall, viemSigner } from "@kith/sdk";
import { baseBudgets, DEFAULT_GAS_ALLOWANCES } from "../../relayer/budgets.ts";

export interface GasRow {
  action: string;
  gas: bigint;
  /** The issue's target for this action, if it has one. */
  target?: bigint;
  note?: string;
  /**
   * For a signed action relayed in this row: the gas limit it needs (eth_estimateGas: before
   * refunds, which a transaction's limit must cover) and which relayer budget it measures.
   */
  relay?: { action: KithActionName; items?: number; gasLimit: bigint };
}

/** What the relayer's gas budgets are made of: every signed action's measured gas limit. */
export interface RelayGasTable {
  /** Extra gas of a signer's first signature in a new nonce lane: lane 1's first postFor less a postFor in lane 0. */
  nonceSlot: number;
  /** Extra gas when an app key signs instead of the custody: postFor signed by an app key less postFor. */
  appKey: number;
  /** Per action: the gas limit it needed here; batches also the gas per id beyond the first. */
  actions: Record<KithActionName, { gasLimit: number; perItem?: number }>;
}

/** 2100-01-01: deadlines and expiries far enough away, and fixed so measurements repeat exactly. */
const FAR_FUTURE = 4_102_444_800n;

/** Profile ids start above this, so calldata costs what it costs on a network with many profiles. */
export const EXISTING_PROFILES = 100_000n;

export async function measureGas(connection: NetworkConnection): Promise<GasRow[]> {
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const [alice, bob, carol, dave] = wallets.map((w) => w.account);
  const kith = await viem.deployContract("Kith");
  // Pretend 100,000 profiles exist, so ids (hence calldata) are realistic: find profileCount's
  // storage slot as the only one of the first 32 that reads 1 after one registration, and set it.
  await kith.write.register(["probe", alice!.address, zeroHash], { account: alice! });
  const slots = await Promise.all(Array.from({ length: 32 }, (_, slot) => publicClient.getStorageAt({ address: kith.address, slot: numberToHex(slot) })));
  const counterSlots = slots.flatMap((value, slot) => (value !== undefined && BigInt(value) === 1n ? [slot] : []));
  if (counterSlots.length !== 1) throw new Error(`cannot locate profileCount's storage slot (candidates: ${counterSlots})`);
  await networkHelpers.setStorageAt(kith.address, counterSlots[0]!, padHex(numberToHex(EXISTING_PROFILES), { size: 32 }));

  const rows: GasRow[] = [];
  const measure = async (action: string, tx: Promise<Hex>, extra: Omit<GasRow, "action" | "gas"> = {}) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await tx });
    if (receipt.status !== "success") throw new Error(`${action} reverted`);
    rows.push({ action, gas: receipt.gasUsed, ...extra });
  };
  const as = (account: typeof alice) => ({ account: account! });

  const A = EXISTING_PROFILES + 1n;
  const B = A + 1n;
  const C = B + 1n;
  const D = C + 1n;
  const metadata = contentHash("{}");
  await measure("register (16-character handle, recovery, metadata)", kith.write.register(["alice_in_chains1", bob!.address, metadata], as(alice)), { target: 80_000n });
  await measure("register (3-character handle)", kith.write.register(["bob", bob!.address, metadata], as(bob)), { target: 80_000n });
  await kith.write.register(["carol", carol!.address, zeroHash], as(carol));
  await kith.write.register(["dave", dave!.address, zeroHash], as(dave));
  await measure("changeHandle", kith.write.changeHandle([A, "alice"], as(alice)));
  await measure("changeMetadata", kith.write.changeMetadata([A, contentHash("{\"bio\":\"hi\"}")], as(alice)));
  await measure("changeRecovery", kith.write.changeRecovery([A, carol!.address], as(alice)));
  await measure("offerTransfer", kith.write.offerTransfer([D, carol!.address], as(dave)));
  await measure("acceptTransfer", kith.write.acceptTransfer([D], as(carol)));
  await measure("recover", kith.write.recover([D, dave!.address], as(dave)));

  await measure("follow (an older profile: no existence read)", kith.write.follow([B, A], as(bob)), { target: 50_000n });
  await measure("follow (a newer profile)", kith.write.follow([A, C], as(alice)), {
    target: 50_000n,
    note: "missed by ~0.3%: see below the table",
  });
  await measure("follow (back: the other side already follows)", kith.write.follow([C, A], as(carol)));
  await kith.write.unfollow([C, A], as(carol));
  await measure("unfollow", kith.write.unfollow([B, A], as(bob)));
  const ten = Array.from({ length: 10 }, (_, i) => EXISTING_PROFILES - BigInt(i));
  await measure("followBatch (10 profiles)", kith.write.followBatch([C, ten], as(carol)));
  await kith.write.follow([C, A], as(carol));
  await measure("blockProfile (removes a follow)", kith.write.blockProfile([A, C], as(alice)));
  await measure("unblockProfile", kith.write.unblockProfile([A, C], as(alice)));

  const digest = contentHash("gm");
  const post = computePostId(A, PostKind.Post, 0n, digest);
  await measure("post", kith.write.post([A, digest, ""], as(alice)), { target: 30_000n });
  await measure(
    "post (with a 66-byte ipfs:// URI)",
    kith.write.post([A, contentHash("gm 2"), "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"], as(alice)),
  );
  await measure("reply", kith.write.reply([B, post, contentHash("gm back"), ""], as(bob)));
  await measure("quote", kith.write.quote([B, post, contentHash("look"), ""], as(bob)));
  await measure("repost", kith.write.repost([B, post], as(bob)));
  await measure("like", kith.write.like([B, post], as(bob)));
  await measure("unlike", kith.write.unlike([B, post], as(bob)));

  // Tips go to KithTips, which holds the funds until the author's custody withdraws them.
  const tips = await viem.deployContract("KithTips", [kith.address]);
  const token = await viem.deployContract("TestToken");
  await token.write.mint([bob!.address, 10n ** 24n]);
  await token.write.approve([tips.address, 2n ** 256n - 1n], as(bob));
  await measure("tip (ETH)", tips.write.tip([post, B], { ...as(bob), value: 10n ** 15n }));
  await measure("tipToken (ERC-20)", tips.write.tipToken([post, B, token.address, 10n ** 18n], as(bob)));
  await measure("withdraw (ETH)", tips.write.withdraw([A, zeroAddress, alice!.address], as(alice)));
  await measure("deletePost", kith.write.deletePost([A, post], as(alice)));

  // Signed actions, submitted by a relayer (dave pays gas), in nonce lane 0 unless said otherwise.
  // A signer's first signature writes its nonce slot (zero to non-zero: +17,100 gas); the rows
  // measure later signatures, except the two that say "first".
  const chainId = await publicClient.getChainId();
  const relayer = dave!;
  const signed = async <A extends KithActionName>(signerIndex: number, action: A, message: ActionMessage<A>, lane = 0n) => {
    const signer = viemSigner(wallets[signerIndex]!);
    const nonce = await kith.read.nonces([signer.address, lane]);
    // A fixed deadline: signatures, hence calldata (zero bytes cost less), are the same every run.
    return signAction({ signer, action, message, nonce, chainId, kith: kith.address, deadline: FAR_FUTURE });
  };
  const submit = (action: SignedAction) => {
    const call = toContractCall(action);
    return (kith.write as any)[call.functionName](call.args, as(relayer)) as Promise<Hex>;
  };
  /** Measures a relayed action: gas used, and the gas limit it needs (for the relayer's budgets). */
  const relayed = async (label: string, action: SignedAction, extra: Omit<GasRow, "action" | "gas" | "relay"> & { items?: number } = {}) => {
    const call = toContractCall(action);
    const gasLimit = await publicClient.estimateContractGas({ address: kith.address, abi: kith.abi, functionName: call.functionName as never, args: call.args as never, account: relayer });
    const { items, ...rest } = extra;
    await measure(label, submit(action), { ...rest, relay: { action: action.action, gasLimit, ...(items === undefined ? {} : { items }) } });
  };
  const E = D + 1n;
  const erin = wallets[4]!.account;
  await relayed(
    "registerFor (the new custody's first signature)",
    await signed(4, "Register", { custody: erin.address, handle: "erin", recovery: erin.address, metadataHash: metadata }),
  );
  await measure("postFor (the signer's first signature)", submit(await signed(0, "Post", { profileId: A, contentHash: contentHash("signed 1"), uri: "" })));
  // bob's nonce slot exists from here on. A signed action, not a cancelNonce: a cancel moves the
  // sequence by a random amount, which would change the calldata (hence the gas) of bob's rows.
  await submit(await signed(1, "Post", { profileId: B, contentHash: contentHash("bob signed"), uri: "" }));
  await relayed("postFor", await signed(0, "Post", { profileId: A, contentHash: contentHash("signed 2"), uri: "" }), { target: 45_000n });
  await measure("postFor (nonce lane 1, its first use)", submit(await signed(0, "Post", { profileId: A, contentHash: contentHash("lane 1"), uri: "" }, 1n)));
  await measure("postFor (nonce lane 1)", submit(await signed(0, "Post", { profileId: A, contentHash: contentHash("lane 1 again"), uri: "" }, 1n)));
  await relayed("replyFor", await signed(0, "Reply", { profileId: A, parentId: post, contentHash: contentHash("signed 3"), uri: "" }));
  await relayed("quoteFor", await signed(0, "Quote", { profileId: A, quotedId: post, contentHash: contentHash("signed 4"), uri: "" }));
  const signedPost = computePostId(A, PostKind.Post, 0n, contentHash("signed 1"));
  await relayed("repostFor", await signed(1, "Repost", { profileId: B, repostedId: signedPost }));
  await relayed("deletePostFor", await signed(0, "DeletePost", { profileId: A, postId: computePostId(A, PostKind.Post, 0n, contentHash("signed 2")) }));
  await relayed("followFor (an older profile)", await signed(4, "Follow", { followerId: E, followeeId: A }));
  await relayed("unfollowFor", await signed(4, "Unfollow", { followerId: E, followeeId: A }));
  await relayed("blockProfileFor", await signed(4, "Block", { blockerId: E, blockedId: B }));
  await relayed("unblockProfileFor", await signed(4, "Unblock", { blockerId: E, blockedId: B }));
  await relayed("followBatchFor (1 profile)", await signed(4, "FollowBatch", { followerId: E, followeeIds: [C] }), { items: 1 });
  await relayed("followBatchFor (10 profiles)", await signed(4, "FollowBatch", { followerId: E, followeeIds: ten }), { items: 10 });
  await relayed("unfollowBatchFor (1 profile)", await signed(4, "UnfollowBatch", { followerId: E, followeeIds: [C] }), { items: 1 });
  await relayed("unfollowBatchFor (10 profiles)", await signed(4, "UnfollowBatch", { followerId: E, followeeIds: ten }), { items: 10 });
  await relayed("blockBatchFor (1 profile)", await signed(4, "BlockBatch", { blockerId: E, blockedIds: [C] }), { items: 1 });
  await relayed("blockBatchFor (10 profiles)", await signed(4, "BlockBatch", { blockerId: E, blockedIds: ten }), { items: 10 });
  await relayed("changeMetadataFor", await signed(4, "ChangeMetadata", { profileId: E, metadataHash: contentHash("m") }));
  await relayed("changeHandleFor", await signed(4, "ChangeHandle", { profileId: E, handle: "erin_2" }));
  await relayed("likeFor", await signed(4, "Like", { profileId: E, postId: signedPost }));
  await relayed("unlikeFor", await signed(4, "Unlike", { profileId: E, postId: signedPost }));

  // App keys: carol's wallet becomes an app key of alice's profile, allowed to post.
  const appKey = carol!;
  await measure("addAppKey", kith.write.addAppKey([A, appKey.address, 1n, FAR_FUTURE], as(alice)));
  await measure("post (sent by an app key)", kith.write.post([A, contentHash("app 1"), ""], as(appKey)));
  await submit(await signed(2, "Post", { profileId: A, contentHash: contentHash("app 2"), uri: "" }));
  await measure("postFor (signed by an app key)", submit(await signed(2, "Post", { profileId: A, contentHash: contentHash("app 3"), uri: "" })));
  await measure("revokeAppKey", kith.write.revokeAppKey([A, appKey.address], as(alice)));
  await measure("revokeAllAppKeys", kith.write.revokeAllAppKeys([A], as(alice)));
  const frank = wallets[5]!.account;
  await relayed("addAppKeyFor", await signed(4, "AddAppKey", { profileId: E, key: frank.address, scopes: 1n, expiry: FAR_FUTURE }));
  await relayed("revokeAppKeyFor", await signed(4, "RevokeAppKey", { profileId: E, key: frank.address }));
  await relayed("revokeAllAppKeysFor", await signed(4, "RevokeAllAppKeys", { profileId: E }));
  await relayed("changeRecoveryFor", await signed(4, "ChangeRecovery", { profileId: E, recovery: carol!.address }));
  await relayed("offerTransferFor", await signed(4, "OfferTransfer", { profileId: E, to: frank.address }));
  await relayed("cancelTransferFor", await signed(4, "CancelTransfer", { profileId: E }));
  await kith.write.offerTransfer([E, frank.address], as(erin));
  await relayed("acceptTransferFor (the new custody's first signature)", await signed(5, "AcceptTransfer", { profileId: E }));
  await relayed("recoverFor", await signed(2, "Recover", { profileId: E, to: erin.address }));

  // Moderation: labels by any address, lists kept by their owner, subscriptions by profiles.
  const moderation = await viem.deployContract("KithModeration", [kith.address]);
  await measure("label (a post, no expiry)", moderation.write.label([post, "spam", 0n], as(carol)), { target: 30_000n });
  await measure("label (a profile, with expiry)", moderation.write.label([B, "misleading", FAR_FUTURE], as(carol)), { target: 30_000n });
  await measure("negateLabel", moderation.write.negateLabel([post, "spam"], as(carol)));
  await measure("createList", moderation.write.createList(["spammers", carol!.address], as(carol)));
  await measure("addListMembers (1 profile)", moderation.write.addListMembers([1n, [B]], as(carol)), { target: 50_000n });
  await measure("addListMembers (10 profiles)", moderation.write.addListMembers([1n, ten], as(carol)));
  await measure("removeListMembers (1 profile)", moderation.write.removeListMembers([1n, [B]], as(carol)));
  await measure("subscribeToLabeler (2 policies)", moderation.write.subscribeToLabeler([A, carol!.address, ["spam", "nsfw"], [1, 0]], as(alice)));
  await measure("unsubscribeFromLabeler", moderation.write.unsubscribeFromLabeler([A, carol!.address], as(alice)));
  await measure("subscribeToList", moderation.write.subscribeToList([A, 1n, 1], as(alice)));
  await measure("unsubscribeFromList", moderation.write.unsubscribeFromList([A, 1n], as(alice)));
  await measure("transferOwnership (a list)", moderation.write.transferOwnership([1n, bob!.address], as(carol)));
  await measure("acceptOwnership (a list)", moderation.write.acceptOwnership([1n], as(bob)));

  // Channels: created by anyone, moderated by the owner and its moderators, posted into by members.
  const channels = await viem.deployContract("KithChannels", [kith.address]);
  await measure("createChannel (open)", channels.write.createChannel(["builders", carol!.address, 0, zeroAddress, 0n], as(carol)));
  await measure("createChannel (token-gated)", channels.write.createChannel(["holders", carol!.address, 2, token.address, 1n], as(carol)));
  await measure("setModerator", channels.write.setModerator([1n, dave!.address, true], as(carol)));
  await measure("setRules", channels.write.setRules([2n, 1, zeroAddress, 0n], as(carol)));
  await measure("joinChannel (open)", channels.write.joinChannel([A, 1n], as(alice)));
  await channels.write.joinChannel([B, 1n], as(bob));
  await measure("joinChannel (asks approval)", channels.write.joinChannel([A, 2n], as(alice)));
  await measure("approveMember", channels.write.approveMember([2n, A], as(carol)));
  await measure("postInChannel", channels.write.postInChannel([A, 1n, contentHash("channel gm"), ""], as(alice)), { target: 35_000n });
  await measure(
    "postInChannel (with a 66-byte ipfs:// URI)",
    channels.write.postInChannel([A, 1n, contentHash("channel gm 2"), "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"], as(alice)),
  );
  const channelPost = await channels.read.computeChannelPostId([A, 1n, contentHash("channel gm")]);
  await measure("setPostHidden (with a reason)", channels.write.setPostHidden([1n, channelPost, true, "off topic"], as(dave)));
  await measure("pinPost", channels.write.pinPost([1n, channelPost], as(dave)));
  await measure("setBanned (ban, with a reason)", channels.write.setBanned([1n, B, true, "spam"], as(dave)));
  await measure("setBanned (unban)", channels.write.setBanned([1n, B, false, "appeal accepted"], as(dave)));
  await measure("leaveChannel", channels.write.leaveChannel([A, 2n], as(alice)));

  // Their signed twins, relayed (dave pays), each signer past its first signature on the contract
  // (a warm-up action first, not measured), like the Kith rows.
  const extensionSigned = async (contract: "moderation" | "channels", signerIndex: number, action: string, message: Record<string, unknown>) => {
    const signer = viemSigner(wallets[signerIndex]!);
    const target = contract === "moderation" ? moderation : channels;
    const common = { signer, action, message, nonce: await target.read.nonces([signer.address, 0n]), chainId, deadline: FAR_FUTURE } as never;
    const signedAction = contract === "moderation"
      ? await signModerationAction({ ...(common as object), kithModeration: moderation.address } as never)
      : await signChannelsAction({ ...(common as object), kithChannels: channels.address } as never);
    const { functionName, args } = (signedAction as { call: { functionName: string; args: unknown[] } }).call;
    return (target.write as any)[functionName](args, as(relayer)) as Promise<Hex>;
  };
  const [ALICE, BOB, CAROL, DAVE] = [0, 1, 2, 3];
  await extensionSigned("moderation", CAROL, "Label", { subject: post, value: "warm-up", expiry: 0n });
  await extensionSigned("moderation", ALICE, "SubscribeToList", { profileId: A, listId: 1n, mode: 0 });
  await extensionSigned("moderation", BOB, "Label", { subject: post, value: "warm-up", expiry: 0n });
  await measure("labelFor", extensionSigned("moderation", CAROL, "Label", { subject: post, value: "nsfw", expiry: 0n }));
  await measure("negateLabelFor", extensionSigned("moderation", CAROL, "NegateLabel", { subject: post, value: "nsfw" }));
  await measure("createListFor", extensionSigned("moderation", CAROL, "CreateList", { name: "signed list", owner: carol!.address }));
  await measure("addListMembersFor (1 profile)", extensionSigned("moderation", CAROL, "AddListMembers", { listId: 2n, profileIds: [B] }));
  await measure("removeListMembersFor (1 profile)", extensionSigned("moderation", CAROL, "RemoveListMembers", { listId: 2n, profileIds: [B] }));
  await measure("subscribeToLabelerFor (2 policies)", extensionSigned("moderation", ALICE, "SubscribeToLabeler", { profileId: A, labeler: carol!.address, values: ["spam", "nsfw"], actions: [1, 0] }));
  await measure("unsubscribeFromLabelerFor", extensionSigned("moderation", ALICE, "UnsubscribeFromLabeler", { profileId: A, labeler: carol!.address }));
  await measure("subscribeToListFor", extensionSigned("moderation", ALICE, "SubscribeToList", { profileId: A, listId: 2n, mode: 1 }));
  await measure("unsubscribeFromListFor", extensionSigned("moderation", ALICE, "UnsubscribeFromList", { profileId: A, listId: 2n }));
  await measure("transferOwnershipFor (a list)", extensionSigned("moderation", CAROL, "TransferOwnership", { id: 2n, to: bob!.address }));
  await measure("acceptOwnershipFor (a list)", extensionSigned("moderation", BOB, "AcceptOwnership", { id: 2n }));

  await extensionSigned("channels", CAROL, "SetModerator", { channelId: 1n, account: carol!.address, enabled: false });
  await extensionSigned("channels", DAVE, "PinPost", { channelId: 1n, postId: 0n });
  await extensionSigned("channels", ALICE, "PostInChannel", { profileId: A, channelId: 1n, contentHash: contentHash("warm-up"), uri: "" });
  await extensionSigned("channels", BOB, "JoinChannel", { profileId: B, channelId: 1n });
  await measure("createChannelFor (open)", extensionSigned("channels", CAROL, "CreateChannel", { name: "signed_channel", owner: carol!.address, membership: 0, gateToken: zeroAddress, minBalance: 0n }));
  await measure("setRulesFor", extensionSigned("channels", CAROL, "SetRules", { channelId: 3n, membership: 1, gateToken: zeroAddress, minBalance: 0n }));
  await measure("setModeratorFor", extensionSigned("channels", CAROL, "SetModerator", { channelId: 3n, account: dave!.address, enabled: true }));
  await measure("joinChannelFor (asks approval)", extensionSigned("channels", ALICE, "JoinChannel", { profileId: A, channelId: 3n }));
  await measure("approveMemberFor", extensionSigned("channels", DAVE, "ApproveMember", { channelId: 3n, profileId: A }));
  await measure("postInChannelFor", extensionSigned("channels", ALICE, "PostInChannel", { profileId: A, channelId: 3n, contentHash: contentHash("signed channel gm"), uri: "" }));
  const signedChannelPost = await channels.read.computeChannelPostId([A, 3n, contentHash("signed channel gm")]);
  await measure("setPostHiddenFor (with a reason)", extensionSigned("channels", DAVE, "SetPostHidden", { channelId: 3n, postId: signedChannelPost, hidden: true, reason: "off topic" }));
  await measure("pinPostFor", extensionSigned("channels", DAVE, "PinPost", { channelId: 3n, postId: signedChannelPost }));
  await measure("setBannedFor (ban, with a reason)", extensionSigned("channels", DAVE, "SetBanned", { channelId: 3n, profileId: A, banned: true, reason: "spam" }));
  await measure("setBannedFor (unban)", extensionSigned("channels", DAVE, "SetBanned", { channelId: 3n, profileId: A, banned: false, reason: "appeal accepted" }));
  await measure("leaveChannelFor", extensionSigned("channels", BOB, "LeaveChannel", { profileId: B, channelId: 1n }));
  await measure("joinChannelFor (open)", extensionSigned("channels", BOB, "JoinChannel", { profileId: B, channelId: 1n }));
  await measure("transferOwnershipFor (a channel)", extensionSigned("channels", CAROL, "TransferOwnership", { id: 3n, to: bob!.address }));
  await measure("acceptOwnershipFor (a channel)", extensionSigned("channels", BOB, "AcceptOwnership", { id: 3n }));

  // A relayer's batch (KithBatch): 20 postFor of 20 signers in one transaction, each signer past
  // its first signature (its nonce slot exists), as for the postFor row.
  const kithBatch = await viem.deployContract("KithBatch");
  const batchSize = 20;
  const posters: bigint[] = [];
  for (let i = 0; i < batchSize; i++) {
    await kith.write.register([`batcher_${i}`, wallets[i]!.account.address, zeroHash], as(wallets[i]!.account));
    posters.push(await kith.read.profileCount());
    await submit(await signed(i, "Post", { profileId: posters[i]!, contentHash: contentHash(`warm ${i}`), uri: "" }));
  }
  const calls = [];
  for (let i = 0; i < batchSize; i++) {
    const call = toContractCall(await signed(i, "Post", { profileId: posters[i]!, contentHash: contentHash(`batched ${i}`), uri: "" }));
    calls.push({ gas: 100_000n, data: encodeFunctionData({ abi: kith.abi, functionName: call.functionName as never, args: call.args as never }) });
  }
  const batchReceipt = await publicClient.waitForTransactionReceipt({ hash: await kithBatch.write.batch([kith.address, calls], as(relayer)) });
  if (batchReceipt.status !== "success" || batchReceipt.logs.length !== batchSize) throw new Error("the batch of 20 postFor did not post 20 times");
  rows.push({ action: `postFor in a relayer's batch of ${batchSize} (KithBatch), per post`, gas: batchReceipt.gasUsed / BigInt(batchSize), target: 25_000n });

  // Last: a cancel moves alice's nonces by a quasi-random amount (from the block hash, which
  // depends on the time), and every later signature of hers would carry that number in calldata.
  await measure("cancelNonce (lane 0)", kith.write.cancelNonce([0n], as(alice)));
  await measure("cancelNonce (a lane never used before)", kith.write.cancelNonce([7n], as(alice)));
  await measure("cancelAllSignatures", kith.write.cancelAllSignatures(as(alice)));
  return rows;
}

/** The relayer's view of the rows: every signed action's gas limit (a test fails when one is missing). */
export function relayGasTable(rows: GasRow[]): RelayGasTable {
  const byLabel = new Map(rows.map((row) => [row.action, row.gas]));
  const gasOf = (label: string) => {
    const gas = byLabel.get(label);
    if (gas === undefined) throw new Error(`the gas rows lack "${label}"`);
    return gas;
  };
  const postFor = gasOf("postFor");
  const actions: Partial<RelayGasTable["actions"]> = {};
  const batches = new Map<KithActionName, Map<number, bigint>>();
  for (const { relay } of rows) {
    if (!relay) continue;
    if (relay.items === undefined) actions[relay.action] = { gasLimit: Number(relay.gasLimit) };
    else batches.set(relay.action, (batches.get(relay.action) ?? new Map()).set(relay.items, relay.gasLimit));
  }
  for (const [action, sizes] of batches) {
    const one = sizes.get(1);
    const ten = sizes.get(10);
    if (one === undefined || ten === undefined) throw new Error(`${action} needs rows for 1 and 10 items`);
    actions[action] = { gasLimit: Number(one), perItem: Math.ceil(Number(ten - one) / 9) };
  }
  const missing = KITH_ACTION_NAMES.filter((action) => !actions[action]);
  if (missing.length > 0) throw new Error(`no gas row relays ${missing.join(", ")}`);
  return {
    nonceSlot: Number(gasOf("postFor (nonce lane 1, its first use)") - postFor),
    appKey: Number(gasOf("postFor (signed by an app key)") - postFor),
    actions: actions as RelayGasTable["actions"],
  };
}

export function renderGasTable(rows: GasRow[]): string {
  const lines = ["| Action | Gas | Target |", "| --- | ---: | ---: |"];
  for (const row of rows) {
    const target =
      row.target === undefined
        ? ""
        : `${row.gas <= row.target ? "≤" : "**>**"} ${row.target.toLocaleString("en-US")}${row.note ? ` (${row.note})` : ""}`;
    lines.push(`| ${row.action} | ${row.gas.toLocaleString("en-US")} | ${target} |`);
  }
  return lines.join("\n");
}

/** The relayer's gas budget of every signed action (relayer/budgets.ts over `table`), as Markdown. */
export function renderBudgetTable(table: RelayGasTable): string {
  const budgets = baseBudgets(table);
  const { erc1271, erc6492 } = DEFAULT_GAS_ALLOWANCES;
  const n = (value: number) => value.toLocaleString("en-US");
  const lines = ["| Signed action | Budget, EOA signer | Each further id | Contract wallet (ERC-1271) | Undeployed wallet (ERC-6492) |", "| --- | ---: | ---: | ---: | ---: |"];
  for (const action of KITH_ACTION_NAMES) {
    const { gas, perItem } = budgets[action];
    lines.push(`| ${action} | ${n(gas)} | ${perItem === undefined ? "" : n(perItem)} | ${n(gas + erc1271)} | ${n(gas + erc1271 + erc6492)} |`);
  }
  return lines.join("\n");
}

/** The generated sections of README.md: what writes them, between which markers. */
export const README_TABLES = {
  gas: { start: "<!-- gas-table:start (npm run gas writes this table) -->", end: "<!-- gas-table:end -->" },
  budgets: { start: "<!-- relay-budgets:start (npm run gas writes this table) -->", end: "<!-- relay-budgets:end -->" },
} as const;

/** The README with its generated section `which` replaced by `table`. */
export function withGasTable(readme: string, table: string, which: keyof typeof README_TABLES = "gas"): string {
  const { start: startMarker, end: endMarker } = README_TABLES[which];
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`README.md has no ${startMarker} ... ${endMarker} section`);
  return `${readme.slice(0, start + startMarker.length)}\n${table}\n${readme.slice(end)}`;
}

/** README.md with both generated tables from `rows`. */
export function withGeneratedTables(readme: string, rows: GasRow[]): string {
  return withGasTable(withGasTable(readme, renderGasTable(rows)), renderBudgetTable(relayGasTable(rows)), "budgets");
}
