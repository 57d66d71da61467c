// Answers kept while the index database does not change (indexer/src/api/responseCache.ts): a
// repeated query is answered from memory, and never once the index has changed. After every kind of
// write the index takes (post, follow, like, delete, block, unfollow), after a body arrives in the
// file store (no database transaction: an answer showing it NOT_UPLOADED is kept until then) and after a reorg that replaces blocks at the same heights,
// the repeated query's answer must equal the same query asked afresh (a comment makes its text
// new, so it is computed, not kept). Runs on PGlite and on Postgres.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { createTestClient, http } from "viem";

import { computePostId, contentHash, PostKind, uploadContent } from "@kith/sdk";
import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { waitFor } from "../../scripts/lib/processes.ts";
import { skipWithoutPostgres, type Stack, startStack } from "./stack.ts";

const [alice, bob, carol] = [1, 2, 3].map(devAccount);
const [ALICE, BOB, CAROL] = [1n, 2n, 3n];
const ZERO = `0x${"0".repeat(64)}` as const;

interface Answer {
  data?: any;
  errors?: unknown[];
  extensions: { kith: { cached: boolean; sqlStatements: number; indexedBlock: string } };
}

const FEED = `query Feed($id: BigInt!) {
  homeFeed(profileId: $id, limit: 5) {
    items { id kind body bodyStatus likeCount author { handle followerCount } reposted { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

function scenario(mode: "PGlite" | "Postgres", databaseUrl: string | undefined) {
  describe(`answers kept while the index does not change, on ${mode}`, { skip: mode === "Postgres" ? skipWithoutPostgres("the Postgres cache run") : false }, () => {
    let stack: Stack;
    let fresh = 0;

    const ask = async (query: string, variables: Record<string, unknown> = {}): Promise<Answer> => {
      const response = await fetch(stack.indexer!.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      assert.equal(response.status, 200);
      const answer = (await response.json()) as Answer;
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      return answer;
    };
    /** The same query with a text never sent before: computed, never kept from earlier. */
    const askFresh = async (query: string, variables: Record<string, unknown> = {}) => {
      const answer = await ask(`${query}\n# fresh ${++fresh}`, variables);
      assert.equal(answer.extensions.kith.cached, false);
      return answer;
    };
    /** Asks `query` until it is answered from memory, and checks that answer against a fresh one. */
    const kept = async (query: string, variables: Record<string, unknown> = {}) => {
      const answer = await waitFor(async () => {
        const a = await ask(query, variables);
        return a.extensions.kith.cached ? a : undefined;
      }, { timeoutMs: 10_000, intervalMs: 20, describe: () => "the answer was never kept" });
      assert.equal(answer.extensions.kith.sqlStatements, 0);
      assert.deepEqual(answer.data, (await askFresh(query, variables)).data);
      return answer.data;
    };
    const sendAndIndex = async (write: Parameters<Stack["send"]>[1], account = alice) => {
      const block = await stack.send(account, write);
      await stack.indexer!.waitForBlock(block);
      return block;
    };
    const feedIds = async () => (await kept(FEED, { id: "1" })).homeFeed.items.map((p: { id: string }) => p.id);

    before(async () => {
      stack = await startStack();
      await stack.send(alice, (k) => k.write.register(["alice", alice.address, ZERO]));
      await stack.send(bob, (k) => k.write.register(["bob", bob.address, ZERO]));
      await stack.send(carol, (k) => k.write.register(["carol", carol.address, ZERO]));
      await stack.send(alice, (k) => k.write.follow([ALICE, BOB]));
      const indexer = await stack.startIndexer({ databaseUrl, env: { KITH_GRAPHQL_CACHE_BYTES: String(64 * 1024 * 1024) } });
      await indexer.waitForBlock(await stack.send(bob, (k) => k.write.post([BOB, contentHash("bob 1"), ""])));
      await uploadContent(indexer.url, "bob 1");
    });
    after(async () => stack?.stop());

    it("answers a repeated query from memory, with 0 statements, as it would afresh", async () => {
      const first = await ask(FEED, { id: "1" });
      assert.equal(first.extensions.kith.cached, false);
      assert.ok(first.extensions.kith.sqlStatements >= 1);
      const data = await kept(FEED, { id: "1" });
      assert.deepEqual(data, first.data);
      assert.deepEqual(
        data.homeFeed.items.map((p: { body: string }) => p.body),
        ["bob 1"],
      );
      // Other variables are another answer.
      assert.deepEqual((await kept(FEED, { id: "2" })).homeFeed.items, []);
    });

    it("never gives a kept answer once the index took a write: post, follow, like, repost, delete, block, unfollow", async () => {
      const B1 = computePostId(BOB, PostKind.Post, 0n, contentHash("bob 1"));
      const B2 = computePostId(BOB, PostKind.Post, 0n, contentHash("bob 2"));
      const C1 = computePostId(CAROL, PostKind.Post, 0n, contentHash("carol 1"));
      const RP = computePostId(BOB, PostKind.Repost, C1, ZERO);
      assert.deepEqual(await feedIds(), [String(B1)]);

      await sendAndIndex((k) => k.write.post([BOB, contentHash("bob 2"), ""]), bob);
      await uploadContent(stack.indexer!.url, "bob 2");
      assert.deepEqual(await feedIds(), [String(B2), String(B1)]);
      await sendAndIndex((k) => k.write.post([CAROL, contentHash("carol 1"), ""]), carol);
      await uploadContent(stack.indexer!.url, "carol 1");
      assert.deepEqual(await feedIds(), [String(B2), String(B1)], "alice does not follow carol yet");
      await sendAndIndex((k) => k.write.follow([ALICE, CAROL]));
      assert.deepEqual(await feedIds(), [String(C1), String(B2), String(B1)]);
      await sendAndIndex((k) => k.write.like([ALICE, B1]));
      const liked = (await kept(FEED, { id: "1" })).homeFeed.items.find((p: { id: string }) => p.id === String(B1));
      assert.equal(liked.likeCount, 1);
      await sendAndIndex((k) => k.write.repost([BOB, C1]), bob);
      assert.deepEqual(await feedIds(), [String(RP), String(C1), String(B2), String(B1)]);
      await sendAndIndex((k) => k.write.deletePost([BOB, B2]), bob);
      assert.deepEqual(await feedIds(), [String(RP), String(C1), String(B1)]);
      await sendAndIndex((k) => k.write.blockProfile([ALICE, CAROL]));
      assert.deepEqual(await feedIds(), [String(B1)], "carol's post and bob's repost of it are left out");
      await sendAndIndex((k) => k.write.unfollow([ALICE, BOB]));
      assert.deepEqual(await feedIds(), []);
      const counts = await kept(`{ profile(id: "2") { followerCount } }`);
      assert.deepEqual(counts, { profile: { followerCount: 0 } });
    });

    it("keeps an answer that shows a body not uploaded only until the body is (no database write)", async () => {
      await sendAndIndex((k) => k.write.follow([ALICE, BOB]));
      await sendAndIndex((k) => k.write.post([BOB, contentHash("bob 3, late body"), ""]), bob);
      const query = `{ homeFeed(profileId: "1", limit: 1) { items { body bodyStatus } } }`;
      const missing = [{ body: null, bodyStatus: "NOT_UPLOADED" }];
      assert.deepEqual((await kept(query)).homeFeed.items, missing);
      // Another post whose body never comes: its answer stays kept while bob 3's body arrives.
      const other = `{ post(id: "${computePostId(BOB, PostKind.Post, 0n, contentHash("bob 1"))}") { body } }`;
      await kept(other);
      await uploadContent(stack.indexer!.url, "bob 3, late body");
      const first = await ask(query);
      assert.equal(first.extensions.kith.cached, false, "the kept NOT_UPLOADED answer was given after the body arrived");
      assert.deepEqual(first.data.homeFeed.items, [{ body: "bob 3, late body", bodyStatus: "AVAILABLE" }]);
      assert.deepEqual((await kept(query)).homeFeed.items, first.data.homeFeed.items);
      assert.equal((await ask(other)).extensions.kith.cached, true, "an answer with every body available is still kept");
    });

    it("computes a query that many clients ask at once once, and gives the others its kept answer", async () => {
      // Without the wait for the answer being computed, all 8 compute (none is kept yet when they
      // arrive). A round can compute more than once if the index commits meanwhile: up to 3 rounds.
      const rounds: { computed: number; statements: number }[] = [];
      for (let round = 0; round < 3 && !rounds.some((r) => r.computed === 1); round++) {
        const query = `${FEED}\n# asked at once ${++fresh}`;
        const answers = await Promise.all(Array.from({ length: 8 }, () => ask(query, { id: "1" })));
        for (const answer of answers) assert.deepEqual(answer.data, answers[0]!.data);
        const computed = answers.filter((a) => !a.extensions.kith.cached);
        rounds.push({ computed: computed.length, statements: answers.reduce((sum, a) => sum + a.extensions.kith.sqlStatements, 0) });
      }
      assert.ok(rounds.some((r) => r.computed === 1), `each round computed more than once: ${JSON.stringify(rounds)}`);
    });

    it("never keeps _meta (the chain's head comes from the RPC)", async () => {
      for (let i = 0; i < 3; i++) assert.equal((await ask(`{ _meta { indexedBlock headBlock lagSeconds } }`)).extensions.kith.cached, false);
    });

    it("never gives a kept answer after a reorg that replaced the blocks at the same heights", async () => {
      const testClient = createTestClient({ chain: stack.chain.chain, mode: "anvil", transport: http(stack.chain.rpcUrl) });
      const id = await testClient.snapshot();
      const B4 = computePostId(BOB, PostKind.Post, 0n, contentHash("bob 4, reorged away"));
      const block = await sendAndIndex((k) => k.write.post([BOB, contentHash("bob 4, reorged away"), ""]), bob);
      await uploadContent(stack.indexer!.url, "bob 4, reorged away");
      const before = await feedIds();
      assert.equal(before[0], String(B4));
      await testClient.revert({ id });
      // One block at the same height, without bob's post.
      await stack.send(carol, (k) => k.write.changeMetadata([CAROL, contentHash("carol, on the other fork")]));
      assert.equal(await clientsFor(stack.chain.chain, stack.chain.rpcUrl, carol).publicClient.getBlockNumber(), block);
      // Until the index shows the new fork whole: while Ponder takes a reorg, a fresh answer can
      // show it part way (CI saw the feed without B4 and also without the next post of the feed, which
      // no reorged block touched; both the kept and a fresh answer said so).
      const freshIds = async () => (await askFresh(FEED, { id: "1" })).data.homeFeed.items.map((p: { id: string }) => p.id);
      await waitFor(async () => (JSON.stringify(await freshIds()) === JSON.stringify(before.slice(1)) ? true : undefined), {
        timeoutMs: 30_000,
        intervalMs: 100,
        describe: () => "the indexer never showed the new fork",
      });
      assert.deepEqual(await feedIds(), before.slice(1));
    });
  });
}

scenario("PGlite", undefined);
scenario("Postgres", process.env.KITH_TEST_DATABASE_URL);
