// The complete social graph end to end, with exact answers: likes, tips, bodies (upload, digest,
// CID, restart), notifications, mutuals, "does A follow B", handle search, blocks honoured in
// feeds, threads and notifications, quotes and reposts of a post, pagination that neither skips nor
// repeats while new posts arrive, query limits, and the freshness every response reports.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { artifacts } from "hardhat";
import { getContract, type Hex, zeroAddress, zeroHash } from "viem";

import { computePostId, ContentError, contentHash, getHomeFeed, getNotifications, getThread, kithQuery, kithTipsAbi, PostKind, uploadContent } from "@kith/sdk";
import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import { type Stack, startStack } from "./stack.ts";

const [alice, bob, carol, dave, erin] = [1, 2, 3, 4, 5].map(devAccount);
const [ALICE, BOB, CAROL, DAVE, ERIN] = [1n, 2n, 3n, 4n, 5n];
const ALICE_META = '{"name":"Alice","bio":"first on Kith"}';
const ETH = 10n ** 18n;

const text = {
  B1: "hello from bob",
  C1: "carol here",
  D1: "dave here",
  E1: "erin here",
  A1: "alice here",
  Q1: "look at bob",
  R1: "hi bob",
  R2: "hi alice",
  R3: "erin says hi",
  R4: "hey alice",
};
const id = (author: bigint, kind: PostKind, target: bigint, body?: string) =>
  computePostId(author, kind, target, body === undefined ? zeroHash : contentHash(body));
const B1 = id(BOB, PostKind.Post, 0n, text.B1);
const C1 = id(CAROL, PostKind.Post, 0n, text.C1);
const D1 = id(DAVE, PostKind.Post, 0n, text.D1);
const E1 = id(ERIN, PostKind.Post, 0n, text.E1);
const A1 = id(ALICE, PostKind.Post, 0n, text.A1);
const RE = id(BOB, PostKind.Repost, E1);
const Q1 = id(CAROL, PostKind.Quote, B1, text.Q1);
const R1 = id(ALICE, PostKind.Reply, B1, text.R1);
const R2 = id(CAROL, PostKind.Reply, R1, text.R2);
const R3 = id(ERIN, PostKind.Reply, B1, text.R3);
const R4 = id(ERIN, PostKind.Reply, A1, text.R4);

describe("the social graph end to end", () => {
  let stack: Stack;
  let token: Hex;
  let lastBlock: bigint;
  const graphql = () => stack.indexer!.graphqlUrl;
  const q = async (query: string, variables?: Record<string, unknown>) => (await kithQuery(graphql(), query, variables)).data;

  before(async () => {
    stack = await startStack();
    const s = (account: (typeof alice)) => (write: Parameters<Stack["send"]>[1]) => stack.send(account, write);
    const [a, b, c, d, e] = [alice, bob, carol, dave, erin].map(s);
    await a!((k) => k.write.register(["alice", alice.address, contentHash(ALICE_META)]));
    await b!((k) => k.write.register(["bob", bob.address, zeroHash]));
    await c!((k) => k.write.register(["carol", carol.address, zeroHash]));
    await d!((k) => k.write.register(["dave", dave.address, zeroHash]));
    await e!((k) => k.write.register(["erin", erin.address, zeroHash]));
    await a!((k) => k.write.followBatch([ALICE, [BOB, CAROL, DAVE, ERIN]]));
    await b!((k) => k.write.follow([BOB, ALICE]));
    await c!((k) => k.write.follow([CAROL, ALICE]));
    await d!((k) => k.write.follow([DAVE, BOB]));
    await e!((k) => k.write.follow([ERIN, BOB]));
    await stack.startIndexer();

    await b!((k) => k.write.post([BOB, contentHash(text.B1), ""]));
    await c!((k) => k.write.post([CAROL, contentHash(text.C1), ""]));
    await d!((k) => k.write.post([DAVE, contentHash(text.D1), ""]));
    await e!((k) => k.write.post([ERIN, contentHash(text.E1), ""]));
    await a!((k) => k.write.post([ALICE, contentHash(text.A1), ""]));
    await b!((k) => k.write.repost([BOB, E1]));
    await c!((k) => k.write.quote([CAROL, B1, contentHash(text.Q1), ""]));
    await a!((k) => k.write.reply([ALICE, B1, contentHash(text.R1), ""]));
    await c!((k) => k.write.reply([CAROL, R1, contentHash(text.R2), ""]));
    await e!((k) => k.write.reply([ERIN, B1, contentHash(text.R3), ""]));
    await e!((k) => k.write.reply([ERIN, A1, contentHash(text.R4), ""]));
    await a!((k) => k.write.like([ALICE, B1]));
    await c!((k) => k.write.like([CAROL, B1]));
    await c!((k) => k.write.unlike([CAROL, B1]));

    // Tips: dave tips 1 ETH as his profile; erin tips 100 tokens anonymously.
    const tipsAddress = stack.deployment.contracts.KithTips.address;
    const tipsAs = (account: typeof alice) => {
      const { publicClient, walletClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, account);
      return { publicClient, walletClient, tips: getContract({ address: tipsAddress, abi: kithTipsAbi, client: { public: publicClient, wallet: walletClient } }) };
    };
    const { publicClient, walletClient: erinWallet } = tipsAs(erin);
    // test/solidity/mocks/TestToken.sol, compiled by Hardhat with the tests.
    const artifact = await artifacts.readArtifact("TestToken");
    const deployed = await publicClient.waitForTransactionReceipt({
      hash: await erinWallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode as Hex }),
    });
    token = deployed.contractAddress!;
    const erc20 = getContract({ address: token, abi: artifact.abi as never, client: { wallet: erinWallet } }) as any;
    await publicClient.waitForTransactionReceipt({ hash: await erc20.write.mint([erin.address, 1000n * ETH]) });
    await publicClient.waitForTransactionReceipt({ hash: await erc20.write.approve([tipsAddress, 1000n * ETH]) });
    await publicClient.waitForTransactionReceipt({ hash: await tipsAs(dave).tips.write.tip([B1, DAVE], { value: ETH }) });
    await publicClient.waitForTransactionReceipt({ hash: await tipsAs(erin).tips.write.tipToken([B1, 0n, token, 100n * ETH]) });

    lastBlock = await a!((k) => k.write.blockProfile([ALICE, ERIN])); // also removes alice -> erin
    await stack.indexer!.waitForBlock(lastBlock);
  });
  after(async () => stack?.stop());

  it("honours alice's block in her home feed: bob's repost of erin's post is left out", async () => {
    const { data } = await getHomeFeed(graphql(), ALICE, { limit: 10 });
    assert.deepEqual(
      data.homeFeed.items.map((p: { id: string; kind: string }) => [p.id, p.kind]),
      [
        [String(Q1), "QUOTE"],
        [String(D1), "POST"],
        [String(C1), "POST"],
        [String(B1), "POST"],
      ],
    );
  });

  it("answers the same home feed with the plan for profiles that follow many others", async () => {
    const walking = await startIndexer({
      chainId: stack.chain.chainId,
      rpcUrl: stack.chain.rpcUrl,
      deploymentsDir: stack.deploymentsDir,
      pgliteDir: mkdtempSync(path.join(tmpdir(), "kith-pglite-dense-")),
      env: { KITH_DENSE_FOLLOWING: "0" },
    });
    try {
      await walking.waitForBlock(lastBlock);
      for (const viewer of [ALICE, BOB, CAROL]) {
        const [lateral, walk] = await Promise.all(
          [graphql(), walking.graphqlUrl].map((url) => getHomeFeed(url, viewer, { limit: 10 })),
        );
        assert.deepEqual(walk.data, lateral.data);
      }
    } finally {
      await walking.stop();
    }
  });

  it("counts likes (a like taken back is gone) and sums tips per token on the post", async () => {
    const data = await q(`query($id: BigInt!) { post(id: $id) { likeCount replyCount quoteCount repostCount tips { token total count } } }`, {
      id: String(B1),
    });
    assert.deepEqual(data.post, {
      likeCount: 1,
      replyCount: 2,
      quoteCount: 1,
      repostCount: 0,
      tips: [
        { token: zeroAddress, total: String(ETH), count: 1 },
        { token: token.toLowerCase(), total: String(100n * ETH), count: 1 },
      ],
    });
  });

  it("lists bob's notifications newest first, with kinds, actors and subjects", async () => {
    const { data, extensions } = await getNotifications(graphql(), BOB, { limit: 20 });
    const rows = data.notifications.items.map((n: any) => [n.kind, n.actor?.handle ?? null, n.post?.id ?? null, n.subject?.id ?? null, n.token, n.amount]);
    assert.deepEqual(rows, [
      ["TIP", null, null, String(B1), token.toLowerCase(), String(100n * ETH)],
      ["TIP", "dave", null, String(B1), zeroAddress, String(ETH)],
      ["LIKE", "alice", null, String(B1), null, null],
      ["REPLY", "erin", String(R3), String(B1), null, null],
      ["REPLY", "alice", String(R1), String(B1), null, null],
      ["QUOTE", "carol", String(Q1), String(B1), null, null],
      ["FOLLOW", "erin", null, null, null, null],
      ["FOLLOW", "dave", null, null, null, null],
      ["FOLLOW", "alice", null, null, null, null],
    ]);
    assert.equal(data.notifications.pageInfo.hasNextPage, false);
    assert.equal(extensions?.kith?.sqlStatements, 1);
  });

  it("pages notifications without skipping or repeating, and hides what the recipient blocks", async () => {
    const first = await getNotifications(graphql(), BOB, { limit: 4 });
    const second = await getNotifications(graphql(), BOB, { limit: 4, after: first.data.notifications.pageInfo.endCursor });
    const third = await getNotifications(graphql(), BOB, { limit: 4, after: second.data.notifications.pageInfo.endCursor });
    const kinds = [first, second, third].flatMap((page) => page.data.notifications.items.map((n: any) => `${n.kind}:${n.actor?.handle}`));
    assert.deepEqual(kinds, ["TIP:undefined", "TIP:dave", "LIKE:alice", "REPLY:erin", "REPLY:alice", "QUOTE:carol", "FOLLOW:erin", "FOLLOW:dave", "FOLLOW:alice"]);
    assert.deepEqual([first, second, third].map((page) => page.data.notifications.pageInfo.hasNextPage), [true, true, false]);
    // Alice blocks erin: erin's reply to alice is not a notification for her.
    const { data } = await getNotifications(graphql(), ALICE);
    assert.deepEqual(
      data.notifications.items.map((n: any) => [n.kind, n.actor.handle, n.post?.id ?? null]),
      [
        ["REPLY", "carol", String(R2)],
        ["FOLLOW", "carol", null],
        ["FOLLOW", "bob", null],
      ],
    );
  });

  it("reads a thread with nested replies, leaving out replies by profiles the viewer blocks", async () => {
    const forAnyone = await getThread(graphql(), B1);
    assert.deepEqual(
      forAnyone.data.post.replies.items.map((r: any) => [r.id, r.author.handle, r.replies.items.map((n: any) => n.id)]),
      [
        [String(R1), "alice", [String(R2)]],
        [String(R3), "erin", []],
      ],
    );
    const forAlice = await getThread(graphql(), B1, { viewerId: ALICE });
    assert.deepEqual(forAlice.data.post.replies.items.map((r: any) => r.id), [String(R1)]);
    assert.equal(forAlice.extensions?.kith?.sqlStatements, 3); // the post, its replies, their replies
    const erinSeenByAlice = await q(`{ profile(handle: "erin") { posts(viewerId: "1", includeReplies: true) { items { id } } } }`);
    assert.deepEqual(erinSeenByAlice.profile.posts.items, []);
  });

  it("answers mutuals, follows and followedBy, and quotes and reposts of a post", async () => {
    const data = await q(`{
      alice: profile(id: "1") { mutualCount mutuals { items { profile { handle } } } follows(profileId: "2") followedBy(profileId: "3") }
      dave: profile(id: "4") { mutualCount followedBy(profileId: "1") }
      aliceFollowsErin: follows(followerId: "1", followeeId: "5")
      bobFollowsAlice: follows(followerId: "2", followeeId: "1")
      b1: post(id: "${B1}") { quotes { items { id } } reposts { items { id } } }
      e1: post(id: "${E1}") { reposts { items { id author { handle } } } }
    }`);
    assert.deepEqual(data, {
      alice: { mutualCount: 2, mutuals: { items: [{ profile: { handle: "carol" } }, { profile: { handle: "bob" } }] }, follows: true, followedBy: true },
      dave: { mutualCount: 0, followedBy: true },
      aliceFollowsErin: false,
      bobFollowsAlice: true,
      b1: { quotes: { items: [{ id: String(Q1) }] }, reposts: { items: [] } },
      e1: { reposts: { items: [{ id: String(RE), author: { handle: "bob" } }] } },
    });
  });

  it("searches handles by prefix with pagination", async () => {
    const first = await q(`{ searchProfiles(prefix: "", limit: 1) { items { handle } } }`).catch((e: Error) => e.message);
    assert.equal(first, "prefix must be 1 to 16 characters of a-z, 0-9 and _ (handles are lowercase)");
    const page1 = await q(`{ searchProfiles(prefix: "a", limit: 1) { items { handle } pageInfo { hasNextPage endCursor } } }`);
    assert.deepEqual(page1.searchProfiles.items, [{ handle: "alice" }]);
    assert.equal(page1.searchProfiles.pageInfo.hasNextPage, false);
    const all = await q(`{ searchProfiles(prefix: "e", limit: 5) { items { handle } } }`);
    assert.deepEqual(all.searchProfiles.items, [{ handle: "erin" }]);
    const none = await q(`{ searchProfiles(prefix: "zz") { items { handle } } }`);
    assert.deepEqual(none.searchProfiles.items, []);
  });

  it("stores a body only under its own digest and only once the chain records it, and serves it by digest and CID", async () => {
    const indexerUrl = stack.indexer!.url;
    const uploaded = await uploadContent(indexerUrl, text.B1);
    assert.deepEqual(uploaded, { digest: contentHash(text.B1), cid: uploaded.cid, stored: [indexerUrl], failed: [] });
    assert.match(uploaded.cid, /^bafkrei[a-z2-7]{52}$/);
    assert.deepEqual(await uploadContent(indexerUrl, text.B1), uploaded); // idempotent
    assert.equal(await (await fetch(`${indexerUrl}/content/${uploaded.digest}`)).text(), text.B1);
    assert.equal(await (await fetch(`${indexerUrl}/ipfs/${uploaded.cid}`)).text(), text.B1);

    const mismatch = await fetch(`${indexerUrl}/content/${contentHash("something else")}`, { method: "PUT", body: text.B1 });
    assert.equal(mismatch.status, 400);
    assert.equal(((await mismatch.json()) as any).error.code, "digest_mismatch");
    await assert.rejects(uploadContent(indexerUrl, "never posted", { waitMs: 0 }), (e: ContentError) => {
      assert.deepEqual([e.status, e.code], [404, "not_referenced"]);
      return true;
    });
    const huge = "x".repeat(64 * 1024 + 1);
    const tooLarge = await fetch(`${indexerUrl}/content/${contentHash(huge)}`, { method: "PUT", body: huge });
    assert.equal(tooLarge.status, 413);
    // Chunked, with no Content-Length: up to 1 MiB in 16 KiB chunks, refused once 64 KiB have
    // arrived, before the rest is sent (node:http: the server may close while the client writes).
    const streamed = await new Promise<{ status?: number; body: string; sent: number }>((resolve) => {
      let sent = 0;
      let answered = false;
      const request = httpRequest(`${indexerUrl}/content/${contentHash(huge)}`, { method: "PUT", headers: { "transfer-encoding": "chunked" } });
      request.on("response", (response) => {
        answered = true;
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode, body, sent }));
      });
      request.on("error", () => {}); // the connection closed after the answer
      const pump = () => {
        if (answered) return;
        if (sent >= 1024 * 1024) return void request.end();
        sent += 16 * 1024;
        // A chunk every 5 ms: the socket's buffers would otherwise take the whole MiB at once.
        if (request.write(new Uint8Array(16 * 1024).fill(120))) setTimeout(pump, 5);
        else request.once("drain", () => setTimeout(pump, 5));
      };
      pump();
    });
    assert.deepEqual([streamed.status, JSON.parse(streamed.body)], [413, { error: { code: "too_large", message: "bodies are at most 65536 bytes" } }]);
    assert.ok(streamed.sent < 1024 * 1024, `answered after ${streamed.sent} bytes, before the whole body`);
    assert.equal((await fetch(`${indexerUrl}/content/${contentHash("never posted")}`)).status, 404);
    assert.equal((await fetch(`${indexerUrl}/ipfs/not-a-cid`)).status, 400);

    await uploadContent(indexerUrl, ALICE_META);
    const data = await q(`{
      b1: post(id: "${B1}") { body bodyStatus cid }
      c1: post(id: "${C1}") { body bodyStatus }
      re: post(id: "${RE}") { body bodyStatus cid }
      alice: profile(id: "1") { metadata metadataStatus }
    }`);
    assert.deepEqual(data, {
      b1: { body: text.B1, bodyStatus: "AVAILABLE", cid: uploaded.cid },
      c1: { body: null, bodyStatus: "NOT_UPLOADED" },
      re: { body: null, bodyStatus: "NONE", cid: null },
      alice: { metadata: ALICE_META, metadataStatus: "AVAILABLE" },
    });
  });

  it("keeps feed pages stable while new posts arrive", async () => {
    const first = await getHomeFeed(graphql(), ALICE, { limit: 2 });
    assert.deepEqual(first.data.homeFeed.items.map((p: any) => p.id), [String(Q1), String(D1)]);
    const B2 = id(BOB, PostKind.Post, 0n, "bob again");
    const B3 = id(BOB, PostKind.Post, 0n, "bob once more");
    await stack.send(bob, (k) => k.write.post([BOB, contentHash("bob again"), ""]));
    lastBlock = await stack.send(bob, (k) => k.write.post([BOB, contentHash("bob once more"), ""]));
    await stack.indexer!.waitForBlock(lastBlock);
    const second = await getHomeFeed(graphql(), ALICE, { limit: 2, after: first.data.homeFeed.pageInfo.endCursor });
    assert.deepEqual(second.data.homeFeed.items.map((p: any) => p.id), [String(C1), String(B1)]);
    assert.equal(second.data.homeFeed.pageInfo.hasNextPage, false);
    const fresh = await getHomeFeed(graphql(), ALICE, { limit: 2 });
    assert.deepEqual(fresh.data.homeFeed.items.map((p: any) => p.id), [String(B3), String(B2)]);
    assert.equal(fresh.extensions?.kith?.sqlStatements, 1); // the whole page, authors and targets in one statement
  });

  it("tells which block every answer reflects", async () => {
    const response = await stack.indexer!.request(`{ _meta { chainId indexedBlock finalizedBlock } }`);
    const kith = response.extensions?.kith as Record<string, unknown>;
    assert.equal(response.data._meta.chainId, 31337);
    assert.equal(response.data._meta.indexedBlock, String(lastBlock));
    assert.equal(kith.indexedBlock, String(lastBlock));
    assert.ok(BigInt(kith.finalizedBlock as string) <= lastBlock);
    assert.equal(kith.finalizedBlock, response.data._meta.finalizedBlock);
  });

  it("refuses queries past the depth, alias and cost limits, and bad arguments, with clear errors", async () => {
    // post > replies > items > ... six reply levels: depth 14 (post is 1, each level adds 2, id 1).
    const nest = (levels: number): string => (levels === 0 ? "id" : `replies { items { ${nest(levels - 1)} } }`);
    const deep = `{ post(id: "${B1}") { ${nest(6)} } }`;
    const aliases = `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: _meta { chainId }`).join(" ")} }`;
    const results = await Promise.all([deep, aliases].map((query) => stack.indexer!.request(query)));
    assert.deepEqual(
      results.map((r) => [r.data, r.errors?.map((e) => [e.message, e.extensions?.code])]),
      [
        [undefined, [["Query depth limit of 12 exceeded, found 14. Ask for fewer nested levels.", "QUERY_TOO_DEEP"]]],
        [undefined, [["Aliases limit of 10 exceeded, found 11. Ask for fewer aliased fields.", "TOO_MANY_ALIASES"]]],
      ],
    );
    // homeFeed 1 + 100 * (items 1 + author 1 + followers (1 + 100 * (items 1 + profile 1 + posts (1 + 100 * 3))))
    // = 3,030,301: every list counts its page size.
    const wide = `query($m: Int, $n: Int) { homeFeed(profileId: "1", limit: $m) { items { author { followers(limit: $n) { items { profile { posts(limit: 100) { items { id body } } } } } } } } }`;
    const costly = await stack.indexer!.request(wide, { m: 100, n: 100 });
    assert.equal(costly.data, undefined);
    assert.deepEqual(costly.errors?.map((e) => [e.message, e.extensions?.code]), [
      [
        "Query complexity 3030301 exceeds the limit of 20000 (each list counts its page size: lower a limit or ask for fewer fields)",
        "QUERY_TOO_COMPLEX",
      ],
    ]);
    const fine = await stack.indexer!.request(wide, { m: 10, n: 5 }); // 15,181
    assert.equal(fine.errors, undefined);
  });

  it("survives an indexer restart: bodies are kept, the index is rebuilt from the chain", async () => {
    await stack.indexer!.stop();
    const restarted = await stack.startIndexer({ schema: undefined });
    await restarted.waitForBlock(lastBlock);
    const data = await q(`{ post(id: "${B1}") { body bodyStatus likeCount } }`);
    assert.deepEqual(data.post, { body: text.B1, bodyStatus: "AVAILABLE", likeCount: 1 });
    void R4; // erin's reply to alice: checked through alice's notifications above
  });
});
