// End to end: chain -> contracts -> indexer -> GraphQL, asserting exact answers. Runs once on
// embedded PGlite and once on Postgres (KITH_TEST_DATABASE_URL; `.ci/run` always sets it).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { computePostId, contentHash, PostKind } from "@kith/sdk";
import { devAccount } from "../../scripts/lib/chain.ts";
import { skipWithoutPostgres, type Stack, startStack } from "./stack.ts";

const [alice, bob, carol, dave] = [1, 2, 3, 4].map(devAccount);
const ZERO = `0x${"0".repeat(64)}` as const;
const [ALICE, BOB, CAROL, DAVE] = [1n, 2n, 3n, 4n];

const body = (text: string) => contentHash(text);
const B1 = computePostId(BOB, PostKind.Post, 0n, body("bob: hello kith"));
const C1 = computePostId(CAROL, PostKind.Post, 0n, body("carol: first!"));
const A1 = computePostId(ALICE, PostKind.Post, 0n, body("alice: gm"));
const R1 = computePostId(ALICE, PostKind.Reply, B1, body("alice: welcome bob"));
const R2 = computePostId(CAROL, PostKind.Reply, R1, body("carol: +1"));
const RP1 = computePostId(BOB, PostKind.Repost, C1, ZERO);
const Q1 = computePostId(CAROL, PostKind.Quote, B1, body("carol: look at this"));
const C2 = computePostId(CAROL, PostKind.Post, 0n, body("carol: oops"));

/** The first half happens before the indexer starts (backfill), the second after it (live). */
async function registerAndFollow(stack: Stack) {
  await stack.send(alice, (k) => k.write.register(["alice", dave.address, body("alice metadata")]));
  await stack.send(bob, (k) => k.write.register(["bob", bob.address, ZERO]));
  await stack.send(carol, (k) => k.write.register(["carol", carol.address, ZERO]));
  await stack.send(dave, (k) => k.write.register(["dave", dave.address, ZERO]));
  await stack.send(alice, (k) => k.write.followBatch([ALICE, [BOB, CAROL]]));
  await stack.send(bob, (k) => k.write.follow([BOB, ALICE]));
  await stack.send(carol, (k) => k.write.follow([CAROL, ALICE]));
  await stack.send(carol, (k) => k.write.follow([CAROL, BOB]));
  await stack.send(dave, (k) => k.write.follow([DAVE, ALICE]));
  return stack.send(alice, (k) => k.write.blockProfile([ALICE, DAVE])); // removes dave -> alice
}

async function postAndInteract(stack: Stack) {
  await stack.send(bob, (k) => k.write.post([BOB, body("bob: hello kith"), "ipfs://bafkreib1"]));
  await stack.send(carol, (k) => k.write.post([CAROL, body("carol: first!"), ""]));
  await stack.send(alice, (k) => k.write.post([ALICE, body("alice: gm"), ""]));
  await stack.send(alice, (k) => k.write.reply([ALICE, B1, body("alice: welcome bob"), ""]));
  await stack.send(carol, (k) => k.write.reply([CAROL, R1, body("carol: +1"), ""]));
  await stack.send(bob, (k) => k.write.repost([BOB, C1]));
  await stack.send(carol, (k) => k.write.quote([CAROL, B1, body("carol: look at this"), ""]));
  await stack.send(carol, (k) => k.write.post([CAROL, body("carol: oops"), ""]));
  return stack.send(carol, (k) => k.write.deletePost([CAROL, C2]));
}

const FEED = /* GraphQL */ `
  query Feed($id: BigInt!, $limit: Int, $after: String) {
    homeFeed(profileId: $id, limit: $limit, after: $after) {
      items { id kind author { handle } reposted { id } quoted { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

function scenario(mode: "PGlite" | "Postgres", databaseUrl?: string) {
  describe(`graph end to end on ${mode}`, { skip: mode === "Postgres" ? skipWithoutPostgres("the Postgres end-to-end run") : false }, () => {
    let stack: Stack;
    let lastBlock: bigint;

    before(async () => {
      stack = await startStack();
      await registerAndFollow(stack);
      const indexer = await stack.startIndexer({ databaseUrl });
      lastBlock = await postAndInteract(stack);
      await indexer.waitForBlock(lastBlock);
    });
    after(async () => stack?.stop());

    const query = async (text: string, variables?: Record<string, unknown>) => {
      const response = await stack.indexer!.request(text, variables);
      assert.equal(response.errors, undefined, JSON.stringify(response.errors));
      return response.data;
    };

    it("serves a profile by handle and by id with counts", async () => {
      const fields = "id handle custody recovery followerCount followingCount postCount";
      const data = await query(`{ a: profile(handle: "alice") { ${fields} } b: profile(id: "2") { ${fields} } }`);
      assert.deepEqual(data, {
        a: {
          id: "1",
          handle: "alice",
          custody: alice.address.toLowerCase(),
          recovery: dave.address.toLowerCase(),
          followerCount: 2, // bob and carol; dave's follow was removed by alice's block
          followingCount: 2,
          postCount: 2, // A1 and the reply R1
        },
        b: {
          id: "2",
          handle: "bob",
          custody: bob.address.toLowerCase(),
          recovery: bob.address.toLowerCase(),
          followerCount: 2,
          followingCount: 1,
          postCount: 1, // the repost RP1 does not count
        },
      });
    });

    it("lists followers and following newest first with cursor pagination", async () => {
      const page = `items { profile { handle } } pageInfo { hasNextPage endCursor }`;
      const first = await query(`{ profile(handle: "alice") { followers(limit: 1) { ${page} } following { ${page} } } }`);
      assert.deepEqual(first.profile.followers.items, [{ profile: { handle: "carol" } }]);
      assert.equal(first.profile.followers.pageInfo.hasNextPage, true);
      assert.deepEqual(first.profile.following.items, [{ profile: { handle: "carol" } }, { profile: { handle: "bob" } }]);
      assert.equal(first.profile.following.pageInfo.hasNextPage, false);
      const cursor = first.profile.followers.pageInfo.endCursor;
      const second = await query(`query($c: String) { profile(handle: "alice") { followers(limit: 1, after: $c) { ${page} } } }`, { c: cursor });
      assert.deepEqual(second.profile.followers, {
        items: [{ profile: { handle: "bob" } }],
        pageInfo: { hasNextPage: false, endCursor: second.profile.followers.pageInfo.endCursor },
      });
    });

    it("builds the home feed: followed authors, newest first, deleted posts left out", async () => {
      const page1 = await query(FEED, { id: "1", limit: 2 });
      assert.deepEqual(page1.homeFeed.items, [
        { id: String(Q1), kind: "QUOTE", author: { handle: "carol" }, reposted: null, quoted: { id: String(B1) } },
        { id: String(RP1), kind: "REPOST", author: { handle: "bob" }, reposted: { id: String(C1) }, quoted: null },
      ]);
      assert.equal(page1.homeFeed.pageInfo.hasNextPage, true);
      const page2 = await query(FEED, { id: "1", limit: 2, after: page1.homeFeed.pageInfo.endCursor });
      assert.deepEqual(
        page2.homeFeed.items.map((item: { id: string }) => item.id),
        [String(C1), String(B1)],
      );
      assert.equal(page2.homeFeed.pageInfo.hasNextPage, false);
    });

    it("returns a thread: a post, its counts and nested replies", async () => {
      const data = await query(`query($id: BigInt!) { post(id: $id) {
        id contentHash uri replyCount quoteCount repostCount author { handle }
        replies { items { id author { handle } parent { id } root { id } replies { items { id author { handle } root { id } } } } }
      } }`, { id: String(B1) });
      assert.deepEqual(data.post, {
        id: String(B1),
        contentHash: body("bob: hello kith"),
        uri: "ipfs://bafkreib1",
        replyCount: 1,
        quoteCount: 1,
        repostCount: 0,
        author: { handle: "bob" },
        replies: {
          items: [
            {
              id: String(R1),
              author: { handle: "alice" },
              parent: { id: String(B1) },
              root: { id: String(B1) },
              replies: { items: [{ id: String(R2), author: { handle: "carol" }, root: { id: String(B1) } }] },
            },
          ],
        },
      });
    });

    it("hides a deleted post everywhere but its tombstone", async () => {
      const data = await query(`query($id: BigInt!) {
        post(id: $id) { id deleted contentHash uri }
        profile(handle: "carol") { postCount posts(includeReplies: true) { items { id } } }
      }`, { id: String(C2) });
      assert.deepEqual(data.post, { id: String(C2), deleted: true, contentHash: null, uri: null });
      assert.equal(data.profile.postCount, 3); // C1, R2 and Q1
      assert.deepEqual(
        data.profile.posts.items.map((item: { id: string }) => item.id),
        [String(Q1), String(R2), String(C1)],
      );
    });

    it("drops a repost from feeds once the reposted post is deleted", async () => {
      await stack.indexer!.waitForBlock(await stack.send(carol, (k) => k.write.deletePost([CAROL, C1])));
      const data = await query(FEED, { id: "1", limit: 10 });
      assert.deepEqual(
        data.homeFeed.items.map((item: { id: string }) => item.id),
        [String(Q1), String(B1)],
      );
    });

    it("refuses oversized pages, bad cursors and malformed queries with exact errors", async () => {
      const oversized = await stack.indexer!.request(`{ homeFeed(profileId: "1", limit: 101) { items { id } } }`);
      assert.deepEqual(oversized.errors?.map((e) => [e.message, e.extensions?.code]), [
        ["limit must be between 1 and 100, got 101", "BAD_USER_INPUT"],
      ]);
      const cursor = await stack.indexer!.request(`{ homeFeed(profileId: "1", after: "nope") { items { id } } }`);
      assert.equal(cursor.errors?.[0]?.message, `invalid cursor "nope": pass a pageInfo.endCursor from an earlier page`);
      const malformed = await stack.indexer!.request(`{ homeFeed(profileId: "1" { items { id } } }`);
      assert.equal(malformed.data, undefined);
      assert.match(malformed.errors?.[0]?.message ?? "", /^Syntax Error/);
      const unknownField = await stack.indexer!.request(`{ profile(id: "1") { balance } }`);
      assert.equal(unknownField.errors?.[0]?.message, `Cannot query field "balance" on type "Profile".`);
      const both = await stack.indexer!.request(`{ profile(id: "1", handle: "alice") { id } }`);
      assert.equal(both.errors?.[0]?.message, "profile takes exactly one of id and handle");
      const badId = await stack.indexer!.request(`{ profile(id: "-1") { id } }`);
      assert.match(badId.errors?.[0]?.message ?? "", /BigInt must be a decimal string of an unsigned 256-bit integer/);
    });

    it("returns null for unknown profiles and posts", async () => {
      const data = await query(`{ profile(handle: "nobody") { id } post(id: "12345") { id } byId: profile(id: "99") { id } }`);
      assert.deepEqual(data, { profile: null, post: null, byId: null });
    });
  });
}

scenario("PGlite");
scenario("Postgres", process.env.KITH_TEST_DATABASE_URL);
