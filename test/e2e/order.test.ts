// Events that arrive before the post they point at. Post ids are known before sending
// (computePostId), so replies, quotes, reposts, likes and tips can be mined before their target;
// reorgs re-order the same way. Counters, thread roots and feed visibility must come out as if
// everything had arrived in order, and the counter oracle must agree with every stored counter.
// Runs on PGlite and again on Postgres (KITH_TEST_DATABASE_URL).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { getContract, zeroAddress, zeroHash } from "viem";

import { computePostId, contentHash, kithTipsAbi, PostKind } from "@kith/sdk";
import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { counterMismatches, dumpTables } from "../../scripts/lib/indexCheck.ts";
import { type Stack, startStack, withIndexDatabase } from "./stack.ts";

const [alice, bob, carol, dave, erin] = [1, 2, 3, 4, 5].map(devAccount);
const [ALICE, BOB, CAROL, DAVE, ERIN] = [1n, 2n, 3n, 4n, 5n];
const ETH = 10n ** 18n;

const id = (author: bigint, kind: PostKind, target: bigint, body?: string) =>
  computePostId(author, kind, target, body === undefined ? zeroHash : contentHash(body));
/** Bob's post, mined after everything that points at it. */
const LATE = id(BOB, PostKind.Post, 0n, "late");
const REPLY_A = id(ALICE, PostKind.Reply, LATE, "first!");
const REPLY_C = id(CAROL, PostKind.Reply, LATE, "second");
const REPLY_E = id(ERIN, PostKind.Reply, LATE, "taken back");
/** Alice's reply to REPLY_A, mined before it: its thread root is LATE once both are in. */
const NESTED = id(ALICE, PostKind.Reply, REPLY_A, "nested");
const QUOTE = id(DAVE, PostKind.Quote, LATE, "quoting");
const REPOST = id(CAROL, PostKind.Repost, LATE);
/** Bob's early post, and a reply to a reply of it mined before that reply. */
const EARLY = id(BOB, PostKind.Post, 0n, "early");
const MIDDLE = id(CAROL, PostKind.Reply, EARLY, "middle");
const LEAF = id(DAVE, PostKind.Reply, MIDDLE, "leaf");
/** Carol's post, reposted by dave, deleted and posted again. */
const AGAIN = id(CAROL, PostKind.Post, 0n, "again");
const REPOST_AGAIN = id(DAVE, PostKind.Repost, AGAIN);

function scenario(mode: "PGlite" | "Postgres", databaseUrl?: string) {
  describe(`events before their post on ${mode}`, { skip: mode === "Postgres" && !databaseUrl ? skipMessage() : false }, () => {
    let stack: Stack;
    const q = async (query: string, variables?: Record<string, unknown>) => {
      const response = await stack.indexer!.request(query, variables);
      assert.equal(response.errors, undefined, JSON.stringify(response.errors));
      return response.data;
    };

    before(async () => {
      stack = await startStack();
      const send = (account: typeof alice) => (write: Parameters<Stack["send"]>[1]) => stack.send(account, write);
      const [a, b, c, d, e] = [alice, bob, carol, dave, erin].map(send);
      for (const [index, handle] of ["alice", "bob", "carol", "dave", "erin"].entries()) {
        const account = [alice, bob, carol, dave, erin][index]!;
        await send(account)((k) => k.write.register([handle, account.address, zeroHash]));
      }
      await a!((k) => k.write.followBatch([ALICE, [BOB, CAROL, DAVE]]));
      // Half before the indexer starts (backfill), half after (live).
      await c!((k) => k.write.reply([CAROL, LATE, contentHash("second"), ""]));
      await a!((k) => k.write.reply([ALICE, REPLY_A, contentHash("nested"), ""]));
      await a!((k) => k.write.like([ALICE, LATE]));
      await d!((k) => k.write.like([DAVE, LATE]));
      await d!((k) => k.write.unlike([DAVE, LATE]));
      await stack.startIndexer({ databaseUrl });
      await c!((k) => k.write.like([CAROL, LATE]));
      await c!((k) => k.write.repost([CAROL, LATE]));
      await d!((k) => k.write.quote([DAVE, LATE, contentHash("quoting"), ""]));
      await e!((k) => k.write.reply([ERIN, LATE, contentHash("taken back"), ""]));
      await e!((k) => k.write.deletePost([ERIN, REPLY_E]));
      const tips = (account: typeof alice) => {
        const clients = clientsFor(stack.chain.chain, stack.chain.rpcUrl, account);
        return getContract({ address: stack.deployment.contracts.KithTips.address, abi: kithTipsAbi, client: { public: clients.publicClient, wallet: clients.walletClient } });
      };
      const { publicClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, alice);
      await publicClient.waitForTransactionReceipt({ hash: await tips(alice).write.tip([LATE, ALICE], { value: ETH }) });
      await publicClient.waitForTransactionReceipt({ hash: await tips(erin).write.tip([LATE, 0n], { value: ETH / 2n }) });
      await a!((k) => k.write.reply([ALICE, LATE, contentHash("first!"), ""]));
      await b!((k) => k.write.post([BOB, contentHash("late"), ""]));

      await b!((k) => k.write.post([BOB, contentHash("early"), ""]));
      await d!((k) => k.write.reply([DAVE, MIDDLE, contentHash("leaf"), ""]));
      await c!((k) => k.write.reply([CAROL, EARLY, contentHash("middle"), ""]));

      await c!((k) => k.write.post([CAROL, contentHash("again"), ""]));
      await d!((k) => k.write.repost([DAVE, AGAIN]));
      await c!((k) => k.write.deletePost([CAROL, AGAIN]));
      const last = await c!((k) => k.write.post([CAROL, contentHash("again"), ""]));
      await stack.indexer!.waitForBlock(last);
    });
    after(async () => stack?.stop());

    it("counts the replies, quote, repost, likes and tips that arrived before the post", async () => {
      const data = await q(`query($id: BigInt!) { post(id: $id) { replyCount quoteCount repostCount likeCount tips { token total count } } }`, { id: String(LATE) });
      assert.deepEqual(data.post, {
        replyCount: 2,
        quoteCount: 1,
        repostCount: 1,
        likeCount: 2,
        tips: [{ token: zeroAddress, total: String(ETH + ETH / 2n), count: 2 }],
      });
      const replies = await q(`query($id: BigInt!) { post(id: $id) { replies { items { id } } } }`, { id: String(LATE) });
      assert.deepEqual(new Set(replies.post.replies.items.map((r: { id: string }) => r.id)), new Set([String(REPLY_A), String(REPLY_C)]));
    });

    it("shows a repost mined before its target in the feed once the target is posted", async () => {
      const data = await q(`{ homeFeed(profileId: "1", limit: 20) { items { id } } }`);
      const feed = data.homeFeed.items.map((p: { id: string }) => p.id);
      assert.ok(feed.includes(String(REPOST)), `carol's repost of bob's late post is missing from alice's feed: ${feed}`);
      assert.ok(feed.includes(String(REPOST_AGAIN)), "dave's repost of carol's post deleted and posted again is missing");
      const reposts = await q(`query($id: BigInt!) { post(id: $id) { repostCount reposts { items { id } } } }`, { id: String(AGAIN) });
      assert.deepEqual(reposts.post, { repostCount: 1, reposts: { items: [{ id: String(REPOST_AGAIN) }] } });
    });

    it("roots replies that arrived before their parent in the thread's first post", async () => {
      const data = await q(`query($nested: BigInt!, $leaf: BigInt!) { nested: post(id: $nested) { root { id } } leaf: post(id: $leaf) { root { id } } }`, {
        nested: String(NESTED),
        leaf: String(LEAF),
      });
      assert.deepEqual(data, { nested: { root: { id: String(LATE) } }, leaf: { root: { id: String(EARLY) } } });
    });

    it("leaves nothing for the counter oracle to find, and keeps no early count of a post that arrived", async () => {
      await withIndexDatabase(stack.indexer!, async (db) => {
        assert.deepEqual(await counterMismatches(db), []);
        const tables = await dumpTables(db);
        assert.deepEqual(tables.early_count, []);
        assert.equal(tables.post!.length, 12);
        // The oracle is no rubber stamp: it names a counter and a derived column that went wrong.
        const s = `"${db.schema}"`;
        // Ponder's live-query triggers on its tables record changed tables in this temporary table.
        await db.query("CREATE TEMP TABLE IF NOT EXISTS live_query_tables (table_name TEXT PRIMARY KEY)");
        await db.query(`UPDATE ${s}.profile SET follower_count = follower_count + 1 WHERE id = ${BOB}`);
        await db.query(`UPDATE ${s}.post SET target_live = false WHERE id = ${REPOST}`);
        assert.deepEqual(await counterMismatches(db), [
          { check: "profile.followerCount", key: String(BOB), stored: "2", expected: "1" },
          { check: "post.targetLive", key: String(REPOST), stored: "false", expected: "true" },
        ]);
      });
    });
  });
}

function skipMessage() {
  const message = "KITH_TEST_DATABASE_URL is not set: the Postgres run is SKIPPED (`.ci/run` sets it)";
  console.log(`\n  !!! ${message}\n`);
  return message;
}

scenario("PGlite");
scenario("Postgres", process.env.KITH_TEST_DATABASE_URL);
