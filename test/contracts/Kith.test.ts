// Contract unit tests through viem, as a dApp sees the contract: every custom error with its exact
// arguments (and no state change), every event with its arguments.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { zeroAddress, zeroHash } from "viem";

import { computePostId, contentHash, PostKind } from "@kith/sdk";

const { viem, networkHelpers } = await network.create();

async function deployKithFixture() {
  const [alice, bob, carol, mallory] = await viem.getWalletClients();
  const kith = await viem.deployContract("Kith");
  const as = (wallet: typeof alice) => ({ account: wallet!.account });
  await kith.write.register(["alice", carol!.account.address, contentHash("alice")], as(alice));
  await kith.write.register(["bob", zeroAddress, zeroHash], as(bob));
  await kith.write.register(["carol", zeroAddress, zeroHash], as(carol));
  return { kith, alice: alice!, bob: bob!, carol: carol!, mallory: mallory!, as };
}

describe("Kith profiles", () => {
  it("registers sequential ids and emits ProfileRegistered", async () => {
    const { kith, mallory, as } = await networkHelpers.loadFixture(deployKithFixture);
    const metadata = contentHash("{}");
    await viem.assertions.emitWithArgs(
      kith.write.register(["mallory_99", zeroAddress, metadata], as(mallory)),
      kith,
      "ProfileRegistered",
      [4n, mallory.account.address, "mallory_99", zeroAddress, metadata],
    );
    assert.equal(await kith.read.profileCount(), 4n);
    assert.equal(await kith.read.handleOf([4n]), "mallory_99");
    assert.equal(await kith.read.profileIdOf(["mallory_99"]), 4n);
    assert.equal((await kith.read.custodyOf([4n])).toLowerCase(), mallory.account.address.toLowerCase());
  });

  for (const [handle, error, args] of [
    ["ab", "InvalidHandleLength", [2n]],
    ["abcdefghijklmnopq", "InvalidHandleLength", [17n]],
    ["Alice", "InvalidHandleCharacter", [0n, "0x41"]],
    ["1alice", "InvalidHandleCharacter", [0n, "0x31"]],
    ["_alice", "InvalidHandleCharacter", [0n, "0x5f"]],
    ["ali-ce", "InvalidHandleCharacter", [3n, "0x2d"]],
    ["alice", "HandleTaken", ["alice", 1n]],
  ] as const) {
    it(`refuses the handle "${handle}" with ${error}`, async () => {
      const { kith, mallory, as } = await networkHelpers.loadFixture(deployKithFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        kith.write.register([handle, zeroAddress, zeroHash], as(mallory)),
        kith,
        error,
        [...args],
      );
      assert.equal(await kith.read.profileCount(), 3n);
    });
  }

  it("lets only the custody act: NotAuthorized, and UnknownProfile for ids never registered", async () => {
    const { kith, mallory, as } = await networkHelpers.loadFixture(deployKithFixture);
    await viem.assertions.revertWithCustomErrorWithArgs(
      kith.write.post([1n, contentHash("not mine"), ""], as(mallory)),
      kith,
      "NotAuthorized",
      [1n, mallory.account.address],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      kith.write.changeHandle([9n, "nine"], as(mallory)),
      kith,
      "UnknownProfile",
      [9n],
    );
    assert.equal(await kith.read.handleOf([1n]), "alice");
  });

  it("changes handles and frees the old one, keeping the recovery address", async () => {
    const { kith, alice, carol, mallory, as } = await networkHelpers.loadFixture(deployKithFixture);
    await viem.assertions.emitWithArgs(kith.write.changeHandle([1n, "alice2"], as(alice)), kith, "HandleChanged", [1n, "alice2"]);
    assert.equal(await kith.read.profileIdOf(["alice"]), 0n);
    assert.equal((await kith.read.recoveryOf([1n])).toLowerCase(), carol.account.address.toLowerCase());
    await kith.write.register(["alice", zeroAddress, zeroHash], as(mallory));
    assert.equal(await kith.read.profileIdOf(["alice"]), 4n);
  });

  it("transfers only with the recipient's consent; recovery survives the transfer", async () => {
    const { kith, alice, bob, carol, mallory, as } = await networkHelpers.loadFixture(deployKithFixture);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.offerTransfer([1n, zeroAddress], as(alice)), kith, "InvalidCustody", [zeroAddress]);
    await viem.assertions.emitWithArgs(
      kith.write.offerTransfer([1n, bob.account.address], as(alice)),
      kith,
      "TransferOffered",
      [1n, alice.account.address, bob.account.address],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      kith.write.acceptTransfer([1n], as(mallory)),
      kith,
      "NoPendingTransfer",
      [1n, mallory.account.address],
    );
    assert.equal((await kith.read.custodyOf([1n])).toLowerCase(), alice.account.address.toLowerCase());
    await viem.assertions.emitWithArgs(
      kith.write.acceptTransfer([1n], as(bob)),
      kith,
      "CustodyTransferred",
      [1n, alice.account.address, bob.account.address],
    );
    assert.equal((await kith.read.custodyOf([1n])).toLowerCase(), bob.account.address.toLowerCase());
    assert.equal((await kith.read.recoveryOf([1n])).toLowerCase(), carol.account.address.toLowerCase());
    assert.equal(await kith.read.pendingCustodyOf([1n]), zeroAddress);
  });

  it("lets only the recovery address recover", async () => {
    const { kith, alice, carol, mallory, as } = await networkHelpers.loadFixture(deployKithFixture);
    await viem.assertions.revertWithCustomErrorWithArgs(
      kith.write.recover([1n, mallory.account.address], as(mallory)),
      kith,
      "NotRecovery",
      [1n, mallory.account.address],
    );
    await viem.assertions.emitWithArgs(
      kith.write.recover([1n, carol.account.address], as(carol)),
      kith,
      "Recovered",
      [1n, alice.account.address, carol.account.address],
    );
    assert.equal((await kith.read.custodyOf([1n])).toLowerCase(), carol.account.address.toLowerCase());
  });
});

describe("Kith graph", () => {
  it("follows, refuses a double follow and unfollows", async () => {
    const { kith, alice, as } = await networkHelpers.loadFixture(deployKithFixture);
    await viem.assertions.emitWithArgs(kith.write.follow([1n, 2n], as(alice)), kith, "Followed", [1n, 2n]);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.follow([1n, 2n], as(alice)), kith, "AlreadyFollowing", [1n, 2n]);
    await viem.assertions.emitWithArgs(kith.write.unfollow([1n, 2n], as(alice)), kith, "Unfollowed", [1n, 2n]);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.unfollow([1n, 2n], as(alice)), kith, "NotFollowing", [1n, 2n]);
    assert.equal(await kith.read.isFollowing([1n, 2n]), false);
  });

  it("refuses self-follows and unknown profiles", async () => {
    const { kith, alice, as } = await networkHelpers.loadFixture(deployKithFixture);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.follow([1n, 1n], as(alice)), kith, "SelfAction", [1n]);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.follow([1n, 4n], as(alice)), kith, "UnknownProfile", [4n]);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.follow([1n, 0n], as(alice)), kith, "UnknownProfile", [0n]);
  });

  it("removes follows both ways on block and prevents new ones until unblocked", async () => {
    const { kith, alice, bob, as } = await networkHelpers.loadFixture(deployKithFixture);
    await kith.write.follow([1n, 2n], as(alice));
    await kith.write.follow([2n, 1n], as(bob));
    const hash = await kith.write.blockProfile([1n, 2n], as(alice));
    const events = await kith.getEvents.Unfollowed({}, { blockHash: (await (await viem.getPublicClient()).getTransactionReceipt({ hash })).blockHash });
    assert.deepEqual(
      events.map((e) => [e.args.followerId, e.args.followeeId]),
      [
        [1n, 2n],
        [2n, 1n],
      ],
    );
    assert.equal(await kith.read.isFollowing([2n, 1n]), false);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.follow([2n, 1n], as(bob)), kith, "ProfileBlocked", [1n, 2n]);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.follow([1n, 2n], as(alice)), kith, "ProfileBlocked", [1n, 2n]);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.blockProfile([1n, 2n], as(alice)), kith, "AlreadyBlocked", [1n, 2n]);
    await viem.assertions.emitWithArgs(kith.write.unblockProfile([1n, 2n], as(alice)), kith, "Unblocked", [1n, 2n]);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.unblockProfile([1n, 2n], as(alice)), kith, "NotBlocked", [1n, 2n]);
    await kith.write.follow([2n, 1n], as(bob));
    assert.equal(await kith.read.isFollowing([2n, 1n]), true);
  });

  it("batches all or nothing, between 1 and 100 ids", async () => {
    const { kith, alice, as } = await networkHelpers.loadFixture(deployKithFixture);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.followBatch([1n, []], as(alice)), kith, "InvalidBatchSize", [0n, 100n]);
    const tooMany = Array.from({ length: 101 }, () => 2n);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.followBatch([1n, tooMany], as(alice)), kith, "InvalidBatchSize", [101n, 100n]);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.followBatch([1n, [2n, 3n, 2n]], as(alice)), kith, "AlreadyFollowing", [1n, 2n]);
    assert.equal(await kith.read.isFollowing([1n, 2n]), false);
    await kith.write.followBatch([1n, [2n, 3n]], as(alice));
    assert.deepEqual(await Promise.all([kith.read.isFollowing([1n, 2n]), kith.read.isFollowing([1n, 3n])]), [true, true]);
  });
});

describe("Kith posts", () => {
  it("emits Posted with the documented id for every kind", async () => {
    const { kith, alice, bob, as } = await networkHelpers.loadFixture(deployKithFixture);
    const digest = contentHash("hello");
    const postId = computePostId(1n, PostKind.Post, 0n, digest);
    assert.equal(await kith.read.computePostId([1n, PostKind.Post, 0n, digest]), postId);
    await viem.assertions.emitWithArgs(kith.write.post([1n, digest, "ipfs://x"], as(alice)), kith, "Posted", [
      postId,
      1n,
      0n,
      PostKind.Post,
      alice.account.address,
      digest,
      "ipfs://x",
    ]);
    const replyDigest = contentHash("hi");
    await viem.assertions.emitWithArgs(kith.write.reply([2n, postId, replyDigest, ""], as(bob)), kith, "Posted", [
      computePostId(2n, PostKind.Reply, postId, replyDigest),
      2n,
      postId,
      PostKind.Reply,
      bob.account.address,
      replyDigest,
      "",
    ]);
    await viem.assertions.emitWithArgs(kith.write.repost([2n, postId], as(bob)), kith, "Posted", [
      computePostId(2n, PostKind.Repost, postId, zeroHash),
      2n,
      postId,
      PostKind.Repost,
      bob.account.address,
      zeroHash,
      "",
    ]);
    assert.equal(await kith.read.authorOf([postId]), 1n);
  });

  it("refuses empty content, long URIs, unknown targets and deleting others' posts", async () => {
    const { kith, alice, bob, as } = await networkHelpers.loadFixture(deployKithFixture);
    await viem.assertions.revertWithCustomError(kith.write.post([1n, zeroHash, ""], as(alice)), kith, "EmptyContent");
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.post([1n, contentHash("x"), "u".repeat(513)], as(alice)), kith, "UriTooLong", [513n, 512n]);
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.reply([1n, 0n, contentHash("x"), ""], as(alice)), kith, "UnknownPost", [0n]);
    const ghost = computePostId(9n, PostKind.Post, 0n, contentHash("ghost"));
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.quote([1n, ghost, contentHash("x"), ""], as(alice)), kith, "UnknownPost", [ghost]);
    const mine = computePostId(1n, PostKind.Post, 0n, contentHash("mine"));
    await kith.write.post([1n, contentHash("mine"), ""], as(alice));
    await viem.assertions.revertWithCustomErrorWithArgs(kith.write.deletePost([2n, mine], as(bob)), kith, "NotAuthor", [mine, 2n]);
    await viem.assertions.emitWithArgs(kith.write.deletePost([1n, mine], as(alice)), kith, "PostDeleted", [mine, 1n, alice.account.address]);
  });
});
