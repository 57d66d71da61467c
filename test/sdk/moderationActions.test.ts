// The client's moderation and channel actions against the deployed contracts (sent by the wallet,
// waited for until mined): each emits what the contract's interface says, and a refusal throws the
// contract's custom error, named by decodeKithRevert, before anything is sent.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { createKithClient, decodeKithRevert, formatKithRevert, type KithClient, kithChannelsAbi, kithModerationAbi } from "@kith/sdk";
import { type Address, zeroHash } from "viem";

import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { type Stack, startStack } from "../e2e/stack.ts";

describe("moderation and channel actions of the client", () => {
  let stack: Stack;
  let alice: KithClient;
  let bob: KithClient;
  let aliceId: bigint;
  let bobId: bigint;
  const aliceAccount = devAccount(3);
  const bobAccount = devAccount(4);

  before(async () => {
    stack = await startStack();
    const clientOf = (account: typeof aliceAccount) =>
      createKithClient({
        chainId: stack.chain.chainId,
        rpcUrl: stack.chain.rpcUrl,
        graphqlUrl: "http://127.0.0.1:1/graphql", // never asked: every write here waits until mined only
        deployment: stack.deployment,
        wallet: clientsFor(stack.chain.chain, stack.chain.rpcUrl, account).walletClient,
        chain: stack.chain.chain,
      });
    alice = clientOf(aliceAccount);
    bob = clientOf(bobAccount);
    await stack.send(aliceAccount, (kith) => kith.write.register(["alice", "0x0000000000000000000000000000000000000000", zeroHash]));
    await stack.send(bobAccount, (kith) => kith.write.register(["bob", "0x0000000000000000000000000000000000000000", zeroHash]));
    aliceId = await stack.kithAs(aliceAccount).read.profileIdOf(["alice"]);
    bobId = await stack.kithAs(aliceAccount).read.profileIdOf(["bob"]);
  });
  after(async () => stack?.stop());

  const events = async (abi: typeof kithChannelsAbi | typeof kithModerationAbi, address: Address, blockNumber: bigint | undefined) =>
    (await alice.publicClient.getContractEvents({ abi, address, fromBlock: blockNumber, toBlock: blockNumber })).map((log) => ({
      eventName: log.eventName,
      args: log.args,
    }));
  /** The custom error `write` was refused with (it must be refused). */
  async function refusal(write: () => Promise<unknown>): Promise<string> {
    const error = await write().then(
      () => assert.fail("expected a refusal"),
      (e: unknown) => e,
    );
    const revert = decodeKithRevert(error);
    assert.ok(revert, `not a Kith custom error: ${(error as Error).message}`);
    return formatKithRevert(revert);
  }

  it("creates a channel owned by the wallet; its id comes from the receipt; the name cannot be taken twice", async () => {
    const { channelId, blockNumber } = await alice.createChannel({ name: "builders", waitFor: "mined" });
    assert.equal(channelId, 1n);
    const channels = stack.deployment.contracts.KithChannels.address;
    const emitted = await events(kithChannelsAbi, channels, blockNumber);
    assert.deepEqual(emitted[0], { eventName: "ChannelCreated", args: { channelId: 1n, owner: aliceAccount.address, name: "builders" } });
    assert.equal(await refusal(() => bob.createChannel({ name: "builders", waitFor: "mined" })), "ChannelNameTaken(name=builders, channelId=1)");
  });

  it("joins, bans with a reason (a banned profile cannot join again), unbans; hides and pins as a moderator only", async () => {
    const channels = stack.deployment.contracts.KithChannels.address;
    await bob.joinChannel({ profileId: bobId, channelId: 1n, waitFor: "mined" });
    assert.equal(await refusal(() => bob.joinChannel({ profileId: bobId, channelId: 1n, waitFor: "mined" })), `InvalidStatus(channelId=1, profileId=${bobId}, status=2)`);
    assert.equal(await refusal(() => bob.setBanned({ channelId: 1n, profileId: aliceId, banned: true, reason: "no", waitFor: "mined" })), `NotModerator(channelId=1, caller=${bobAccount.address})`);
    const banned = await alice.setBanned({ channelId: 1n, profileId: bobId, banned: true, reason: "spam links", waitFor: "mined" });
    assert.deepEqual((await events(kithChannelsAbi, channels, banned.blockNumber)).map((e) => e.eventName), ["MemberBanned"]);
    assert.deepEqual((await events(kithChannelsAbi, channels, banned.blockNumber))[0]!.args, { channelId: 1n, profileId: bobId, moderator: aliceAccount.address, reason: "spam links" });
    assert.equal(await refusal(() => bob.joinChannel({ profileId: bobId, channelId: 1n, waitFor: "mined" })), `Banned(channelId=1, profileId=${bobId})`);
    await alice.setBanned({ channelId: 1n, profileId: bobId, banned: false, reason: "appealed", waitFor: "mined" });
    await bob.joinChannel({ profileId: bobId, channelId: 1n, waitFor: "mined" });
    const postId = (bobId << 160n) | 7n;
    const hidden = await alice.setPostHidden({ channelId: 1n, postId, hidden: true, reason: "off topic", waitFor: "mined" });
    assert.deepEqual((await events(kithChannelsAbi, channels, hidden.blockNumber))[0], {
      eventName: "PostHidden",
      args: { channelId: 1n, postId, moderator: aliceAccount.address, hidden: true, reason: "off topic" },
    });
    assert.equal(await refusal(() => bob.pinPost({ channelId: 1n, postId, waitFor: "mined" })), `NotModerator(channelId=1, caller=${bobAccount.address})`);
    const pinned = await alice.pinPost({ channelId: 1n, postId, waitFor: "mined" });
    assert.deepEqual((await events(kithChannelsAbi, channels, pinned.blockNumber))[0]!.args, { channelId: 1n, postId, moderator: aliceAccount.address });
    await bob.leaveChannel({ profileId: bobId, channelId: 1n, waitFor: "mined" });
    assert.equal(await refusal(() => bob.leaveChannel({ profileId: bobId, channelId: 1n, waitFor: "mined" })), `InvalidStatus(channelId=1, profileId=${bobId}, status=0)`);
  });

  it("approves a request to an approval channel", async () => {
    const { channelId } = await alice.createChannel({ name: "invite_only", membership: "APPROVAL", waitFor: "mined" });
    await bob.joinChannel({ profileId: bobId, channelId, waitFor: "mined" });
    const approved = await alice.approveMember({ channelId, profileId: bobId, waitFor: "mined" });
    const emitted = await events(kithChannelsAbi, stack.deployment.contracts.KithChannels.address, approved.blockNumber);
    assert.deepEqual(emitted[0], { eventName: "MemberJoined", args: { channelId, profileId: bobId, moderator: aliceAccount.address } });
  });

  it("labels and negates as the wallet's address; a malformed value is refused with its bad byte", async () => {
    const moderation = stack.deployment.contracts.KithModeration.address;
    const subject = (bobId << 160n) | 7n;
    const labelled = await alice.label({ subject, value: "spam", expiry: 0n, waitFor: "mined" });
    assert.deepEqual(await events(kithModerationAbi, moderation, labelled.blockNumber), [
      { eventName: "Labeled", args: { labeler: aliceAccount.address, subject, value: "spam", expiry: 0n } },
    ]);
    const negated = await alice.negateLabel({ subject, value: "spam", waitFor: "mined" });
    assert.deepEqual(await events(kithModerationAbi, moderation, negated.blockNumber), [
      { eventName: "LabelNegated", args: { labeler: aliceAccount.address, subject, value: "spam" } },
    ]);
    assert.equal(await refusal(() => alice.label({ subject, value: "Spam", waitFor: "mined" })), "InvalidLabel(value=Spam, index=0)");
  });

  it("subscribes to a labeler with per-value actions and to a list as MUTE or BLOCK; only the profile's custody may", async () => {
    const moderation = stack.deployment.contracts.KithModeration.address;
    const subscribed = await bob.subscribeToLabeler({ profileId: bobId, labeler: aliceAccount.address, policies: { spam: "HIDE", nsfw: "WARN", meme: "IGNORE" }, waitFor: "mined" });
    assert.deepEqual(await events(kithModerationAbi, moderation, subscribed.blockNumber), [
      { eventName: "LabelerSubscribed", args: { profileId: bobId, labeler: aliceAccount.address } },
      { eventName: "LabelPolicySet", args: { profileId: bobId, labeler: aliceAccount.address, value: "spam", action: 1 } },
      { eventName: "LabelPolicySet", args: { profileId: bobId, labeler: aliceAccount.address, value: "nsfw", action: 0 } },
      { eventName: "LabelPolicySet", args: { profileId: bobId, labeler: aliceAccount.address, value: "meme", action: 2 } },
    ]);
    assert.equal(await refusal(() => alice.subscribeToLabeler({ profileId: bobId, labeler: aliceAccount.address, waitFor: "mined" })), `NotAuthorized(profileId=${bobId}, caller=${aliceAccount.address})`);
    const unsubscribed = await bob.unsubscribeFromLabeler({ profileId: bobId, labeler: aliceAccount.address, waitFor: "mined" });
    assert.deepEqual((await events(kithModerationAbi, moderation, unsubscribed.blockNumber)).map((e) => e.eventName), ["LabelerUnsubscribed"]);

    const { listId } = await alice.createList({ name: "spammers", waitFor: "mined" });
    assert.equal(listId, 1n);
    const added = await alice.addListMembers({ listId, profileIds: [aliceId, bobId], waitFor: "mined" });
    assert.deepEqual((await events(kithModerationAbi, moderation, added.blockNumber)).map((e) => e.args), [{ listId, profileId: aliceId }, { listId, profileId: bobId }]);
    assert.equal(await refusal(() => bob.removeListMembers({ listId, profileIds: [bobId], waitFor: "mined" })), `NotOwner(id=1, caller=${bobAccount.address})`);
    await alice.removeListMembers({ listId, profileIds: [aliceId], waitFor: "mined" });
    const muted = await bob.subscribeToList({ profileId: bobId, listId, mode: "BLOCK", waitFor: "mined" });
    assert.deepEqual(await events(kithModerationAbi, moderation, muted.blockNumber), [{ eventName: "ListSubscribed", args: { profileId: bobId, listId, mode: 1 } }]);
    assert.equal(await refusal(() => bob.subscribeToList({ profileId: bobId, listId: 9n, mode: "MUTE", waitFor: "mined" })), "UnknownList(listId=9)");
    await bob.unsubscribeFromList({ profileId: bobId, listId, waitFor: "mined" });
  });
});
