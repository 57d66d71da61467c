// Moderation and channels end to end (issue 11): labels from subscribed labelers (HIDE, WARN,
// IGNORE, negation, expiry by chain time), block lists answering exactly like the viewer's own
// blocks, mute lists, channels (open, approval, token gated; posts, hides, bans, pins, members,
// moderators, the moderation log) and the exact errors of bad inputs; then the counter oracle on
// the index holding all of it. Runs on PGlite and again on Postgres (KITH_TEST_DATABASE_URL).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { artifacts } from "hardhat";
import { type Abi, type Account, getContract, type Hex, zeroAddress, zeroHash } from "viem";

import {
  computePostId,
  contentHash,
  getChannel,
  getHiddenFor,
  getLabels,
  getModerationList,
  getModerationLog,
  kithChannelsAbi,
  kithModerationAbi,
  PostKind,
} from "@kith/sdk";
import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { counterMismatches, dumpTables } from "../../scripts/lib/indexCheck.ts";
import { skipWithoutPostgres, type Stack, startStack, withIndexDatabase } from "./stack.ts";

const handles = ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "henry", "ivy", "jack"] as const;
const accounts: Account[] = handles.map((_, i) => devAccount(i + 1));
const [alice, bob, carol, dave, erin, frank, gina, henry, ivy, jack] = accounts as [Account, Account, Account, Account, Account, Account, Account, Account, Account, Account];
const [ALICE, BOB, CAROL, DAVE, ERIN, FRANK, GINA, HENRY, IVY, JACK] = handles.map((_, i) => BigInt(i + 1));
/** Addresses without profiles: a labeler, a list owner, a channel owner and its moderator. */
const [labeler, listOwner, channelOwner, moderator] = [devAccount(11), devAccount(12), devAccount(13), devAccount(14)];

const id = (author: bigint, kind: PostKind, target: bigint, body?: string) =>
  computePostId(author, kind, target, body === undefined ? zeroHash : contentHash(body));
const B1 = id(BOB, PostKind.Post, 0n, "buy my coin");
const B2 = id(BOB, PostKind.Post, 0n, "bob's thoughts");
const C1 = id(CAROL, PostKind.Post, 0n, "a spicy take");
const D1 = id(DAVE, PostKind.Post, 0n, "dave's gore");
const E1 = id(ERIN, PostKind.Post, 0n, "erin was labelled by mistake");
const RP_D1 = id(BOB, PostKind.Repost, D1);
const Q_E1 = id(BOB, PostKind.Quote, E1, "bob quotes erin");
const R_CAROL = id(CAROL, PostKind.Reply, B2, "carol replies");
const R_DAVE = id(DAVE, PostKind.Reply, B2, "dave replies");
/** Bob's post labelled spam before it is posted: the label applies once it arrives. */
const B3 = id(BOB, PostKind.Post, 0n, "labelled before posted");
const H1 = id(HENRY, PostKind.Post, 0n, "henry here");
const I1 = id(IVY, PostKind.Post, 0n, "ivy here");
const J1 = id(JACK, PostKind.Post, 0n, "jack here");

const ids = (items: { id: string }[]) => items.map((item) => item.id);
const s = String;

function scenario(mode: "PGlite" | "Postgres", databaseUrl?: string) {
  describe(`moderation and channels on ${mode}`, { skip: mode === "Postgres" ? skipWithoutPostgres("the Postgres moderation run") : false }, () => {
    let stack: Stack;
    let expiry: bigint;
    let channelPost: (author: bigint, body: string) => Promise<bigint>;
    const posts: Record<string, bigint> = {};
    const q = async (query: string, variables?: Record<string, unknown>) => {
      const response = await stack.indexer!.request(query, variables);
      assert.equal(response.errors, undefined, JSON.stringify(response.errors));
      return response.data;
    };
    const errorsOf = async (query: string) =>
      ((await stack.indexer!.request(query)).errors ?? []).map((e) => [e.message, e.extensions?.code]);

    /** Sends a write of `contract` as `account`; waits for success and returns the block. */
    async function write(address: Hex, abi: Abi, account: Account, fn: string, args: unknown[]): Promise<bigint> {
      const { publicClient, walletClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, account);
      const contract = getContract({ address, abi, client: { public: publicClient, wallet: walletClient } }) as any;
      const receipt = await publicClient.waitForTransactionReceipt({ hash: await contract.write[fn](args) });
      assert.equal(receipt.status, "success", `${fn} reverted`);
      return receipt.blockNumber;
    }
    const moderation = (account: Account, fn: string, args: unknown[]) =>
      write(stack.deployment.contracts.KithModeration.address, kithModerationAbi, account, fn, args);
    const channels = (account: Account, fn: string, args: unknown[]) =>
      write(stack.deployment.contracts.KithChannels.address, kithChannelsAbi, account, fn, args);
    const send = (account: Account) => (w: Parameters<Stack["send"]>[1]) => stack.send(account, w);
    const mine = async () => {
      const { publicClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, alice!);
      return publicClient.getBlock();
    };

    before(async () => {
      stack = await startStack();
      for (const [i, handle] of handles.entries()) await send(accounts[i]!)((k) => k.write.register([handle, accounts[i]!.address, zeroHash]));
      const [a, b, c, d, e, f, g, h, i, j] = accounts.map(send);
      const everyone = [BOB, CAROL, DAVE, ERIN];
      for (const [follow, id] of [[a, ALICE], [f, FRANK], [g, GINA]] as const) await follow!((k) => k.write.followBatch([id, everyone]));
      // henry and ivy follow the same profiles; dave and erin follow both of them.
      for (const [follow, id] of [[h, HENRY], [i, IVY]] as const) await follow!((k) => k.write.followBatch([id, [ALICE, BOB, CAROL]]));
      await j!((k) => k.write.followBatch([JACK, [BOB, CAROL, DAVE]]));
      await stack.startIndexer({ databaseUrl });

      await b!((k) => k.write.post([BOB, contentHash("buy my coin"), ""]));
      await b!((k) => k.write.post([BOB, contentHash("bob's thoughts"), ""]));
      await c!((k) => k.write.post([CAROL, contentHash("a spicy take"), ""]));
      await d!((k) => k.write.post([DAVE, contentHash("dave's gore"), ""]));
      await e!((k) => k.write.post([ERIN, contentHash("erin was labelled by mistake"), ""]));
      await b!((k) => k.write.repost([BOB, D1]));
      await b!((k) => k.write.quote([BOB, E1, contentHash("bob quotes erin"), ""]));
      await c!((k) => k.write.reply([CAROL, B2, contentHash("carol replies"), ""]));
      await d!((k) => k.write.reply([DAVE, B2, contentHash("dave replies"), ""]));
      for (const [post, id, body] of [[h, HENRY, "henry here"], [i, IVY, "ivy here"], [j, JACK, "jack here"]] as const) {
        await post!((k) => k.write.post([id, contentHash(body), ""]));
      }
      // The same things happen to henry's, ivy's and jack's posts.
      for (const [target, profileId] of [[H1, HENRY], [I1, IVY], [J1, JACK]] as const) {
        await d!((k) => k.write.follow([DAVE, profileId]));
        await d!((k) => k.write.like([DAVE, target]));
        await c!((k) => k.write.like([CAROL, target]));
        await e!((k) => k.write.reply([ERIN, target, contentHash(`erin to ${profileId}`), ""]));
        await b!((k) => k.write.follow([BOB, profileId]));
      }

      // Labels: spam on B1 (and by mistake on E1, negated), nsfw on C1, gore on D1 for an hour.
      expiry = (await mine()).timestamp + 3600n;
      await moderation(labeler!, "label", [B1, "spam", 0n]);
      await moderation(labeler!, "label", [C1, "nsfw", 0n]);
      await moderation(labeler!, "label", [D1, "gore", expiry]);
      await moderation(labeler!, "label", [E1, "spam", 0n]);
      await moderation(labeler!, "negateLabel", [E1, "spam"]);
      await moderation(labeler!, "label", [B3, "spam", 0n]);
      await moderation(labeler!, "label", [JACK, "bot", 0n]); // a profile: applies to all its posts
      // alice hides spam and gore (nsfw: the default WARN); frank ignores nsfw (spam: WARN); gina subscribes to nobody.
      await moderation(alice!, "subscribeToLabeler", [ALICE, labeler!.address, ["spam", "gore"], [1, 1]]);
      await moderation(frank!, "subscribeToLabeler", [FRANK, labeler!.address, ["nsfw", "bot"], [2, 1]]);

      // henry blocks dave and erin himself; ivy subscribes to a block list of them; jack mutes dave.
      await h!((k) => k.write.blockProfile([HENRY, DAVE]));
      await h!((k) => k.write.blockProfile([HENRY, ERIN]));
      await moderation(listOwner!, "createList", ["bad actors", listOwner!.address]);
      await moderation(listOwner!, "addListMembers", [1n, [DAVE, ERIN, GINA]]);
      await moderation(listOwner!, "removeListMembers", [1n, [GINA]]);
      await moderation(ivy!, "subscribeToList", [IVY, 1n, 1]);
      await moderation(listOwner!, "createList", ["dave only", listOwner!.address]);
      await moderation(listOwner!, "addListMembers", [2n, [DAVE]]);
      await moderation(jack!, "subscribeToList", [JACK, 2n, 0]);

      // Channels: builders (open), club (approval), holders (token gated).
      await channels(channelOwner!, "createChannel", ["builders", channelOwner!.address, 0, zeroAddress, 0n]);
      await channels(channelOwner!, "setModerator", [1n, moderator!.address, true]);
      await channels(channelOwner!, "createChannel", ["club", channelOwner!.address, 1, zeroAddress, 0n]);
      const artifact = await artifacts.readArtifact("TestToken");
      const { publicClient, walletClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, alice!);
      const deployed = await publicClient.waitForTransactionReceipt({ hash: await walletClient.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode as Hex }) });
      const token = deployed.contractAddress!;
      await write(token, artifact.abi as Abi, alice!, "mint", [alice!.address, 10n]);
      await channels(channelOwner!, "createChannel", ["holders", channelOwner!.address, 2, token, 10n]);
      for (const [account, profileId] of [[alice, ALICE], [bob, BOB], [dave, DAVE]] as const) await channels(account!, "joinChannel", [profileId, 1n]);
      await channels(carol!, "joinChannel", [CAROL, 2n]);
      await channels(channelOwner, "approveMember", [2n, CAROL]); // the owner moderates without being named
      await channels(erin!, "joinChannel", [ERIN, 2n]); // left asking
      await channels(alice!, "joinChannel", [ALICE, 3n]);
      await assert.rejects(channels(bob!, "joinChannel", [BOB, 3n]), /BelowGate/);

      const { publicClient: reader } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, alice!);
      channelPost = async (author, body) => {
        const account = accounts[Number(author) - 1]!;
        await channels(account, "postInChannel", [author, 1n, contentHash(body), ""]);
        const address = stack.deployment.contracts.KithChannels.address;
        return reader.readContract({ address, abi: kithChannelsAbi, functionName: "computeChannelPostId", args: [author, 1n, contentHash(body)] });
      };
      // Erin likes bob's channel post before it is posted (its id is known): the early count applies.
      const address = stack.deployment.contracts.KithChannels.address;
      const early = await reader.readContract({ address, abi: kithChannelsAbi, functionName: "computeChannelPostId", args: [BOB, 1n, contentHash("bob builds")] });
      await e!((k) => k.write.like([ERIN, early]));
      posts.alice = await channelPost(ALICE, "alice builds");
      posts.bob = await channelPost(BOB, "bob builds");
      posts.dave = await channelPost(DAVE, "dave builds");
      await c!((k) => k.write.reply([CAROL, posts.alice!, contentHash("nice build"), ""]));
      await e!((k) => k.write.like([ERIN, posts.alice!]));
      await channels(moderator!, "setPostHidden", [1n, posts.bob!, true, "off topic"]);
      await channels(moderator!, "pinPost", [1n, posts.alice!]);
      await moderation(labeler!, "label", [posts.dave!, "spam", 0n]);
      await channels(moderator!, "setBanned", [1n, DAVE, true, "spamming the channel"]);
      const last = await b!((k) => k.write.post([BOB, contentHash("labelled before posted"), ""]));
      await stack.indexer!.waitForBlock(last);
    });
    after(async () => stack?.stop());

    const FEED = `query($id: BigInt!) { homeFeed(profileId: $id, limit: 50) { items { id } } }`;
    const feedOf = async (viewer: bigint) => ids((await q(FEED, { id: s(viewer) })).homeFeed.items);

    it("applies a subscribed labeler's HIDE for one viewer and not for another; WARN lists the label, IGNORE drops it", async () => {
      // alice hides spam (B1, dave's channel post) and gore (D1, and bob's repost of it); gina subscribes to nobody.
      assert.deepEqual(await feedOf(ALICE), [s(posts.bob), s(Q_E1), s(E1), s(C1), s(B2)]);
      assert.deepEqual(await feedOf(GINA), [s(B3), s(posts.dave), s(posts.bob), s(Q_E1), s(RP_D1), s(E1), s(D1), s(C1), s(B2), s(B1)]);
      // B3 was labelled before it was posted: the label applies to it all the same.
      assert.deepEqual((await q(`{ post(id: "${B3}") { labels(viewerId: "1") { value action } hiddenFor(viewerId: "1") { kind } } }`)).post, {
        labels: [{ value: "spam", action: "HIDE" }],
        hiddenFor: [{ kind: "LABEL" }],
      });
      const labels = `labels(viewerId: $v) { labeler value expiry action }`;
      const data = await q(`query($v: BigInt) { b1: post(id: "${B1}") { ${labels} } c1: post(id: "${C1}") { ${labels} } }`, { v: s(FRANK) });
      const spam = { labeler: labeler!.address.toLowerCase(), value: "spam", expiry: null, action: "WARN" };
      assert.deepEqual(data, { b1: { labels: [spam] }, c1: { labels: [] } }); // frank ignores nsfw
      const forAlice = await q(`query($v: BigInt) { c1: post(id: "${C1}") { ${labels} } }`, { v: s(ALICE) });
      assert.deepEqual(forAlice.c1.labels, [{ ...spam, value: "nsfw" }]);
      const anyone = await q(`{ post(id: "${C1}") { labels { value action } } }`);
      assert.deepEqual(anyone.post.labels, [{ value: "nsfw", action: null }]);
      assert.deepEqual((await q(`query($v: BigInt) { post(id: "${C1}") { ${labels} } }`, { v: s(GINA) })).post.labels, []);
      // frank's feed keeps B1 (WARN) and C1 (IGNORE).
      assert.ok((await feedOf(FRANK)).includes(s(B1)));
      const hidden = await q(`{ post(id: "${B1}") { hiddenFor(viewerId: "1") { kind message label { value } } } }`);
      assert.deepEqual(hidden.post.hiddenFor, [
        { kind: "LABEL", message: `labelled spam by ${labeler!.address.slice(0, 6).toLowerCase()}…${labeler!.address.slice(-4).toLowerCase()} (you hide spam)`, label: { value: "spam" } },
      ]);
      assert.deepEqual((await q(`{ post(id: "${B1}") { hiddenFor(viewerId: "6") { kind } } }`)).post.hiddenFor, []);
      // Profile posts and the labels query agree.
      const bob = await q(`{ profile(handle: "bob") { posts(viewerId: "1", limit: 50) { items { id } } } }`);
      assert.ok(!ids(bob.profile.posts.items).includes(s(B1)));
      assert.ok(!ids(bob.profile.posts.items).includes(s(RP_D1)), "a repost of a post alice hides (gore) is hidden too");
      const all = await q(`{ e: labels(subject: "${E1}", includeInactive: true) { items { value active } } live: labels(subject: "${E1}") { items { value } } }`);
      assert.deepEqual(all, { e: { items: [{ value: "spam", active: false }] }, live: { items: [] } });
    });

    it("applies a label on a profile to all its posts", async () => {
      const posts = `query($v: BigInt) { profile(handle: "jack") { labels(viewerId: $v) { value subject action } posts(viewerId: $v) { items { id } } } }`;
      assert.deepEqual((await q(posts, { v: s(FRANK) })).profile, { labels: [{ value: "bot", subject: s(JACK), action: "HIDE" }], posts: { items: [] } });
      assert.deepEqual((await q(posts, { v: s(GINA) })).profile, { labels: [], posts: { items: [{ id: s(J1) }] } });
      const reasons = await q(`{ post(id: "${J1}") { labels { value subject } hiddenFor(viewerId: "${FRANK}") { kind message } } }`);
      const by = `${labeler!.address.slice(0, 6).toLowerCase()}…${labeler!.address.slice(-4).toLowerCase()}`;
      assert.deepEqual(reasons.post, {
        labels: [{ value: "bot", subject: s(JACK) }],
        hiddenFor: [{ kind: "LABEL", message: `labelled bot by ${by} (on its author) (you hide bot)` }],
      });
    });

    it("stops applying a negated label", async () => {
      assert.ok((await feedOf(ALICE)).includes(s(E1)), "E1's spam label was negated: alice sees it");
      assert.deepEqual((await q(`{ post(id: "${E1}") { labels(viewerId: "1") { value } hiddenFor(viewerId: "1") { kind } } }`)).post, { labels: [], hiddenFor: [] });
    });

    it("applies a block list exactly like the viewer's own blocks", async () => {
      const views = async (viewer: bigint) =>
        q(`query($v: BigInt!) {
          homeFeed(profileId: $v, limit: 50) { items { id kind author { handle } } }
          profile(handle: "bob") { posts(viewerId: $v, includeReplies: true, limit: 50) { items { id } } }
          post(id: "${B2}") { replies(viewerId: $v) { items { id author { handle } } } }
          notifications(profileId: $v, limit: 50) { items { kind actor { handle } post { author { handle } } } }
        }`, { v: s(viewer) });
      const own = await views(HENRY);
      const list = await views(IVY);
      assert.deepEqual(list, own);
      // ...and they do leave out dave and erin.
      assert.deepEqual(ids(own.profile.posts.items), [s(B3), s(posts.bob), s(B2), s(B1)]); // not the repost of D1 nor the quote of E1
      assert.deepEqual(ids(own.homeFeed.items), [s(B3), s(posts.bob), s(posts.alice), s(C1), s(B2), s(B1)]);
      assert.deepEqual(own.post.replies.items, [{ id: s(R_CAROL), author: { handle: "carol" } }]);
      assert.deepEqual(own.notifications.items.map((n: { kind: string; actor: { handle: string } }) => [n.kind, n.actor.handle]), [
        ["FOLLOW", "bob"],
        ["LIKE", "carol"],
      ]);
      assert.deepEqual(ids((await q(`{ post(id: "${B2}") { replies { items { id } } } }`)).post.replies.items), [s(R_CAROL), s(R_DAVE)]);
      const reasons = await q(`{ own: post(id: "${RP_D1}") { hiddenFor(viewerId: "${HENRY}") { kind message } }
        list: post(id: "${RP_D1}") { hiddenFor(viewerId: "${IVY}") { kind message list { id name } } } }`);
      assert.deepEqual(reasons, {
        own: { hiddenFor: [{ kind: "BLOCKED", message: "by or pointing at @dave, whom you block" }] },
        list: { hiddenFor: [{ kind: "BLOCK_LIST", message: `by or pointing at @dave, on "bad actors" (list 1), which you block`, list: { id: "1", name: "bad actors" } }] },
      });
    });

    it("mutes a mute list's members' posts, replies and notifications, but keeps others' reposts and quotes of them", async () => {
      const data = await q(`{
        homeFeed(profileId: "${JACK}", limit: 50) { items { id } }
        post(id: "${B2}") { replies(viewerId: "${JACK}") { items { id } } }
        notifications(profileId: "${JACK}") { items { kind actor { handle } } }
        d1: post(id: "${D1}") { hiddenFor(viewerId: "${JACK}") { kind message } }
      }`);
      const feed = ids(data.homeFeed.items);
      assert.ok(!feed.includes(s(D1)), "dave's own post is muted");
      assert.ok(feed.includes(s(RP_D1)), "bob's repost of dave's post stays");
      assert.deepEqual(ids(data.post.replies.items), [s(R_CAROL)]);
      assert.deepEqual(data.notifications.items.map((n: { kind: string; actor: { handle: string } }) => [n.kind, n.actor.handle]), [
        ["FOLLOW", "bob"],
        ["REPLY", "erin"],
        ["LIKE", "carol"],
      ]);
      assert.deepEqual(data.d1.hiddenFor, [{ kind: "MUTE_LIST", message: `by @dave, on "dave only" (list 2), which you mute` }]);
      const lists = await q(`{ moderationList(id: "1") { name owner memberCount members { items { handle } } subscriberCount subscribers { items { profile { handle } mode } } }
        profile(handle: "dave") { memberOfLists { items { id name } } } ivy: profile(handle: "ivy") { listSubscriptions { list { id } mode } } }`);
      assert.deepEqual(lists, {
        moderationList: {
          name: "bad actors",
          owner: listOwner!.address.toLowerCase(),
          memberCount: 2,
          members: { items: [{ handle: "erin" }, { handle: "dave" }] },
          subscriberCount: 1,
          subscribers: { items: [{ profile: { handle: "ivy" }, mode: "BLOCK" }] },
        },
        profile: { memberOfLists: { items: [{ id: "2", name: "dave only" }, { id: "1", name: "bad actors" }] } },
        ivy: { listSubscriptions: [{ list: { id: "1" }, mode: "BLOCK" }] },
      });
      const subs = await q(`{ profile(handle: "alice") { labelerSubscriptions { labeler policies { value action } } } }`);
      assert.deepEqual(subs.profile.labelerSubscriptions, [
        { labeler: labeler!.address.toLowerCase(), policies: [{ value: "gore", action: "HIDE" }, { value: "spam", action: "HIDE" }] },
      ]);
    });

    it("serves channels: rules, members, moderators, pin, its feed, and channel posts as posts", async () => {
      const data = await q(`{
        channel(name: "builders") { id name owner membership gateToken memberCount moderators pinnedPost { id }
          posts { items { id author { handle } channel { name } } }
          members { items { profile { handle } status } }
          banned: members(status: BANNED) { items { profile { handle } } }
          memberStatus(profileId: "${DAVE}") }
        club: channel(id: "2") { membership memberCount requested: members(status: REQUESTED) { items { profile { handle } } } erin: memberStatus(profileId: "${ERIN}") }
        holders: channel(name: "holders") { membership minBalance memberCount }
        channels { items { name } }
        profile(handle: "alice") { channels { items { name } } posts(limit: 1) { items { id channel { name } } } }
        post(id: "${posts.alice}") { replyCount likeCount replies { items { author { handle } } } }
        early: post(id: "${posts.bob}") { likeCount }
      }`);
      assert.deepEqual(data.early, { likeCount: 1 }, "erin liked bob's channel post before it was posted");
      assert.deepEqual(data.channel, {
        id: "1",
        name: "builders",
        owner: channelOwner!.address.toLowerCase(),
        membership: "OPEN",
        gateToken: null,
        memberCount: 2,
        moderators: [moderator!.address.toLowerCase()],
        pinnedPost: { id: s(posts.alice) },
        posts: { items: [{ id: s(posts.alice), author: { handle: "alice" }, channel: { name: "builders" } }] },
        members: { items: [{ profile: { handle: "bob" }, status: "MEMBER" }, { profile: { handle: "alice" }, status: "MEMBER" }] },
        banned: { items: [{ profile: { handle: "dave" } }] },
        memberStatus: "BANNED",
      });
      assert.deepEqual(data.club, { membership: "APPROVAL", memberCount: 1, requested: { items: [{ profile: { handle: "erin" } }] }, erin: "REQUESTED" });
      assert.deepEqual(data.holders, { membership: "TOKEN_GATED", minBalance: "10", memberCount: 1 });
      assert.deepEqual(data.channels.items, [{ name: "holders" }, { name: "club" }, { name: "builders" }]);
      assert.deepEqual(data.profile.channels.items, [{ name: "holders" }, { name: "builders" }]);
      assert.deepEqual(data.profile.posts.items, [{ id: s(posts.alice), channel: { name: "builders" } }]);
      assert.deepEqual(data.post, { replyCount: 1, likeCount: 1, replies: { items: [{ author: { handle: "carol" } }] } });
      // In a follower's home feed (gina follows bob; bob's post is hidden from the channel only).
      assert.ok((await feedOf(GINA)).includes(s(posts.bob)));
      const notifications = await q(`{ notifications(profileId: "${ALICE}") { items { kind actor { handle } subject { id } } } }`);
      assert.deepEqual(notifications.notifications.items.slice(0, 2), [
        { kind: "LIKE", actor: { handle: "erin" }, subject: { id: s(posts.alice) } },
        { kind: "REPLY", actor: { handle: "carol" }, subject: { id: s(posts.alice) } },
      ]);
      const reasons = await q(`{ bob: post(id: "${posts.bob}") { hiddenFor(viewerId: "${GINA}") { kind message moderationAction { kind actor reason } } }
        dave: post(id: "${posts.dave}") { hiddenFor(viewerId: "${GINA}") { kind message moderationAction { kind reason profile { handle } } } } }`);
      const mod = `${moderator!.address.slice(0, 6).toLowerCase()}…${moderator!.address.slice(-4).toLowerCase()}`;
      assert.deepEqual(reasons, {
        bob: { hiddenFor: [{ kind: "CHANNEL_HIDDEN", message: `hidden from the channel by moderator ${mod}: off topic`, moderationAction: { kind: "HIDE", actor: moderator!.address.toLowerCase(), reason: "off topic" } }] },
        dave: { hiddenFor: [{ kind: "CHANNEL_BAN", message: `by @dave, banned from the channel by moderator ${mod}: spamming the channel`, moderationAction: { kind: "BAN", reason: "spamming the channel", profile: { handle: "dave" } } }] },
      });
    });

    it("keeps a moderation log with actors and reasons, labels on the channel's posts included", async () => {
      const data = await q(`{ channel(id: "1") { moderationLog(limit: 20) { items { kind actor reason value account profile { handle } post { id } transactionHash } } } }`);
      const owner = channelOwner!.address.toLowerCase();
      const mod = moderator!.address.toLowerCase();
      const rows = data.channel.moderationLog.items.map((m: Record<string, unknown>) => {
        assert.match(m.transactionHash as string, /^0x[0-9a-f]{64}$/);
        const { transactionHash: _, ...rest } = m;
        return rest;
      });
      const none = { reason: null, value: null, account: null, profile: null, post: null };
      assert.deepEqual(rows, [
        { ...none, kind: "BAN", actor: mod, reason: "spamming the channel", profile: { handle: "dave" } },
        { ...none, kind: "LABEL", actor: labeler!.address.toLowerCase(), value: "spam", post: { id: s(posts.dave) } },
        { ...none, kind: "PIN", actor: mod, post: { id: s(posts.alice) } },
        { ...none, kind: "HIDE", actor: mod, reason: "off topic", post: { id: s(posts.bob) } },
        { ...none, kind: "MODERATOR_ADDED", actor: owner, account: mod },
        { ...none, kind: "RULES", actor: owner },
        { ...none, kind: "CREATE", actor: owner },
      ]);
      const club = await q(`{ channel(name: "club") { moderationLog { items { kind actor profile { handle } } } } }`);
      assert.deepEqual(club.channel.moderationLog.items[0], { kind: "APPROVE", actor: owner, profile: { handle: "carol" } });
      // Pages neither skip nor repeat.
      const first = await q(`{ channel(id: "1") { moderationLog(limit: 4) { items { kind } pageInfo { hasNextPage endCursor } } } }`);
      const next = await q(`query($a: String) { channel(id: "1") { moderationLog(limit: 4, after: $a) { items { kind } pageInfo { hasNextPage } } } }`, {
        a: first.channel.moderationLog.pageInfo.endCursor,
      });
      assert.deepEqual([...first.channel.moderationLog.items, ...next.channel.moderationLog.items].map((m: { kind: string }) => m.kind), rows.map((r: { kind: string }) => r.kind));
      assert.equal(next.channel.moderationLog.pageInfo.hasNextPage, false);
    });

    it("unhides and unbans: the posts come back to the channel feed", async () => {
      const feed = async () => ids((await q(`{ channel(name: "builders") { posts { items { id } } memberCount memberStatus(profileId: "${DAVE}") } }`)).channel.posts.items);
      await stack.indexer!.waitForBlock(await channels(moderator!, "setPostHidden", [1n, posts.bob!, false, "fine after all"]));
      assert.deepEqual(await feed(), [s(posts.bob), s(posts.alice)]);
      await stack.indexer!.waitForBlock(await channels(moderator!, "setBanned", [1n, DAVE, false, "appealed"]));
      assert.deepEqual(await feed(), [s(posts.dave), s(posts.bob), s(posts.alice)]);
      const after = await q(`{ channel(id: "1") { memberCount memberStatus(profileId: "${DAVE}") posts(viewerId: "${ALICE}") { items { id } } moderationLog(limit: 2) { items { kind reason } } } }`);
      assert.deepEqual(after.channel.memberCount, 2); // an unbanned profile must join again
      assert.equal(after.channel.memberStatus, null);
      assert.deepEqual(ids(after.channel.posts.items), [s(posts.bob), s(posts.alice)], "alice hides the spam label on dave's channel post");
      assert.deepEqual(after.channel.moderationLog.items, [{ kind: "UNBAN", reason: "appealed" }, { kind: "UNHIDE", reason: "fine after all" }]);
    });

    it("stops applying a label once it expires, by chain time", async () => {
      assert.ok(!(await feedOf(ALICE)).includes(s(D1)));
      const { publicClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, alice!);
      const now = (await publicClient.getBlock()).timestamp;
      await publicClient.request({ method: "evm_increaseTime" as never, params: [Number(expiry - now + 1n)] as never });
      await publicClient.request({ method: "evm_mine" as never });
      await stack.indexer!.waitForBlock((await publicClient.getBlock()).number);
      // Answers read the indexed block's time at most 200 ms before: wait until it is past the expiry.
      while (BigInt((await q(`{ _meta { indexedBlockTimestamp } }`))._meta.indexedBlockTimestamp) <= expiry) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok((await feedOf(ALICE)).includes(s(D1)), "the gore label expired: alice sees D1");
      const labels = await q(`{ labels(subject: "${D1}", includeInactive: true) { items { value expiry active } } post(id: "${D1}") { labels { value } } }`);
      assert.deepEqual(labels, { labels: { items: [{ value: "gore", expiry: s(expiry), active: false }] }, post: { labels: [] } });
    });

    it("refuses bad inputs with exact errors and answers null for unknown ids and names", async () => {
      assert.deepEqual(await q(`{ channel(name: "nosuchchannel") { id } c: channel(id: "99") { id } moderationList(id: "99") { id } }`), {
        channel: null,
        c: null,
        moderationList: null,
      });
      assert.deepEqual(await errorsOf(`{ channel(name: "Bad Name!") { id } }`), [
        ["name must be 3 to 16 characters of a-z, 0-9 and _ (channel names are like handles)", "BAD_USER_INPUT"],
      ]);
      assert.deepEqual(await errorsOf(`{ channel(id: "1", name: "builders") { id } }`), [["channel takes exactly one of id and name", "BAD_USER_INPUT"]]);
      assert.deepEqual(await errorsOf(`{ channel { id } }`), [["channel takes exactly one of id and name", "BAD_USER_INPUT"]]);
      assert.deepEqual(await errorsOf(`{ channels(limit: 101) { items { id } } }`), [["limit must be between 1 and 100, got 101", "BAD_USER_INPUT"]]);
      assert.deepEqual(await errorsOf(`{ channel(id: "1") { members(limit: 0) { items { since } } } }`), [["limit must be between 1 and 100, got 0", "BAD_USER_INPUT"]]);
      const [badId] = await errorsOf(`{ labels(subject: "-1") { items { value } } }`);
      assert.match(badId![0] as string, /BigInt must be a decimal string of an unsigned 256-bit integer, got "-1"/);
      const feed = await q(`{ homeFeed(profileId: "1", limit: 1) { pageInfo { endCursor } } }`);
      assert.deepEqual(await errorsOf(`{ channel(id: "1") { moderationLog(after: "${feed.homeFeed.pageInfo.endCursor}") { items { kind } } } }`), [
        [`cursor "${feed.homeFeed.pageInfo.endCursor}" belongs to homeFeed, not moderationLog: pass a pageInfo.endCursor of moderationLog`, "BAD_USER_INPUT"],
      ]);
      // New lists count their page size in the query's complexity (labels of a post: at most 20).
      const complex = await stack.indexer!.request(`{ channels(limit: 100) { items { posts(limit: 100) { items { id labels { value } } } } } }`);
      assert.deepEqual(complex.errors?.map((e) => [e.extensions?.code, e.extensions?.complexity]), [["QUERY_TOO_COMPLEX", 230_201]]);
      const [badStatus] = await errorsOf(`{ channel(id: "1") { members(status: GONE) { items { since } } } }`);
      assert.equal(badStatus![0], `Value "GONE" does not exist in "MemberStatus" enum.`);
    });

    it("answers the SDK's read helpers for channels, lists, labels and hidden reasons", async () => {
      const url = stack.indexer!.graphqlUrl;
      const channel = (await getChannel(url, "builders", { viewerId: ALICE })).data.channel;
      assert.deepEqual([channel.name, channel.memberCount, channel.pinnedPost.id, ids(channel.posts.items)], ["builders", 2, s(posts.alice), [s(posts.bob), s(posts.alice)]]);
      const log = (await getModerationLog(url, 1n, { limit: 2 })).data.channel.moderationLog;
      assert.deepEqual(log.items.map((m: { kind: string }) => m.kind), ["UNBAN", "UNHIDE"]);
      assert.equal(log.pageInfo.hasNextPage, true);
      const list = (await getModerationList(url, 2n)).data.moderationList;
      assert.deepEqual([list.name, list.memberCount, list.subscriberCount, list.members.items.map((m: { handle: string }) => m.handle)], ["dave only", 1, 1, ["dave"]]);
      const labels = (await getLabels(url, E1, { includeInactive: true })).data.labels.items;
      assert.deepEqual(labels.map((l: { value: string; active: boolean }) => [l.value, l.active]), [["spam", false]]);
      const hidden = (await getHiddenFor(url, B1, ALICE)).data.post.hiddenFor;
      assert.deepEqual(hidden.map((h: { kind: string; label: { value: string } }) => [h.kind, h.label.value]), [["LABEL", "spam"]]);
    });

    // After the SDK helpers' answers: these add labels, pins, hides and bans of their own.
    it("answers a viewer's feeds the same however many subjects its labeler labels elsewhere", async () => {
      const before = await feedOf(ALICE);
      const replies = async () => ids((await q(`{ post(id: "${B2}") { replies(viewerId: "1") { items { id } } } }`)).post.replies.items);
      const repliesBefore = await replies();
      // Profile ids nobody registered: labelled spam, which alice hides, they match none of her rows.
      let last = 0n;
      for (let i = 0n; i < 40n; i++) last = await moderation(labeler!, "label", [1_000_000n + i, "spam", 0n]);
      // One post with more distinct values than a post lists: Post.labels stops at 20 (in SQL).
      for (let i = 0; i < 25; i++) last = await moderation(labeler!, "label", [C1, `tag${i}`, 0n]);
      await stack.indexer!.waitForBlock(last);
      assert.deepEqual(await feedOf(ALICE), before);
      assert.deepEqual(await replies(), repliesBefore);
      const labels = (await q(`{ post(id: "${C1}") { labels { value } hiddenFor(viewerId: "1") { kind } } }`)).post;
      assert.deepEqual(labels.labels.map((l: { value: string }) => l.value), Array.from({ length: 20 }, (_, i) => `tag${24 - i}`), "the newest 20");
      assert.deepEqual(labels.hiddenFor, []);
    });

    it("resolves Channel.pinnedPost only to the channel's own post its moderators let stand", async () => {
      const pinned = async () => (await q(`{ channel(id: "1") { pinnedPost { id } } }`)).channel.pinnedPost;
      const wait = async (block: Promise<bigint>) => stack.indexer!.waitForBlock(await block);
      assert.deepEqual(await pinned(), { id: s(posts.alice) });
      await wait(channels(moderator!, "pinPost", [1n, B2])); // bob's post outside the channel
      assert.equal(await pinned(), null);
      await wait(channels(moderator!, "pinPost", [1n, posts.bob!]));
      assert.deepEqual(await pinned(), { id: s(posts.bob) });
      await wait(channels(moderator!, "setPostHidden", [1n, posts.bob!, true, "hidden again"]));
      assert.equal(await pinned(), null, "a hidden post is not shown pinned");
      await wait(channels(moderator!, "setPostHidden", [1n, posts.bob!, false, "back"]));
      assert.deepEqual(await pinned(), { id: s(posts.bob) });
      await wait(channels(moderator!, "setBanned", [1n, BOB, true, "banned"]));
      assert.equal(await pinned(), null, "a banned author's post is not shown pinned");
      await wait(channels(moderator!, "setBanned", [1n, BOB, false, "unbanned"]));
      assert.deepEqual(await pinned(), { id: s(posts.bob) });
      await wait(channels(bob!, "joinChannel", [BOB, 1n])); // an unbanned profile joins again
    });

    it("logs a label placed on a channel post's id before the post arrives, once it does", async () => {
      const address = stack.deployment.contracts.KithChannels.address;
      const { publicClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, alice!);
      const early = await publicClient.readContract({ address, abi: kithChannelsAbi, functionName: "computeChannelPostId", args: [ALICE, 1n, contentHash("alice again")] });
      await moderation(labeler!, "label", [early, "early", 0n]);
      await stack.indexer!.waitForBlock(await moderation(labeler!, "label", [B1, "outside", 0n]));
      const log = async () => (await q(`{ channel(id: "1") { moderationLog(limit: 1) { items { kind value post { id } } } } }`)).channel.moderationLog.items;
      assert.notDeepEqual((await log())[0]?.value, "early", "not the channel's until the post arrives");
      assert.equal(await channelPost(ALICE, "alice again"), early);
      await stack.indexer!.waitForBlock((await publicClient.getBlock()).number);
      assert.deepEqual(await log(), [{ kind: "LABEL", value: "early", post: { id: s(early) } }]);
    });

    it("clears a channel's moderators when it changes hands: the old moderator can no longer hide, the log says so", async () => {
      const newOwner = devAccount(15);
      await channels(channelOwner!, "setModerator", [2n, moderator!.address, true]);
      await channels(channelOwner!, "transferOwnership", [2n, newOwner.address]);
      await stack.indexer!.waitForBlock(await channels(newOwner, "acceptOwnership", [2n]));
      const club = (await q(`{ channel(id: "2") { owner moderators moderationLog(limit: 1) { items { kind actor } } } }`)).channel;
      assert.deepEqual(club, {
        owner: newOwner.address.toLowerCase(),
        moderators: [],
        moderationLog: { items: [{ kind: "MODERATORS_CLEARED", actor: newOwner.address.toLowerCase() }] },
      });
      await assert.rejects(channels(moderator!, "setPostHidden", [2n, posts.alice!, true, "too late"]), /NotModerator/);
    });

    it("leaves nothing for the counter oracle to find on an index holding all of this", async () => {
      await withIndexDatabase(stack.indexer!, async (db) => {
        assert.deepEqual(await counterMismatches(db), []);
        const tables = await dumpTables(db);
        assert.equal(tables.channel!.length, 3);
        assert.equal(tables.label!.length, 7 + 65 + 2);
        assert.equal(tables.label_event!.length, 8 + 65 + 2);
        assert.deepEqual(tables.early_count, []);
        assert.equal(tables.moderation_log!.filter((row) => JSON.parse(row).channel_id === 1).length, 8 + 6);
        // The oracle names a moderation counter that went wrong.
        const schema = `"${db.schema}"`;
        await db.query("CREATE TEMP TABLE IF NOT EXISTS live_query_tables (table_name TEXT PRIMARY KEY)");
        await db.query(`UPDATE ${schema}.channel SET member_count = member_count + 1 WHERE id = 1`);
        await db.query(`UPDATE ${schema}.moderation_list SET member_count = 0 WHERE id = 2`);
        assert.deepEqual(await counterMismatches(db), [
          { check: "moderation_list.memberCount", key: "2", stored: "0", expected: "1" },
          { check: "channel.memberCount", key: "1", stored: "3", expected: "2" },
        ]);
      });
    });
  });
}

scenario("PGlite");
scenario("Postgres", process.env.KITH_TEST_DATABASE_URL);
