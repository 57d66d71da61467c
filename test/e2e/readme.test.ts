// The README's GraphQL examples, its dApp examples and its terminal commands, run as written
// against a chain filled by the demo seed (what `npm start -- --seed` serves): each must answer
// without errors and with the seeded data.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { seedDemo, type SeedResult } from "../../scripts/lib/seed.ts";
import { uploadContent } from "@kith/sdk";
import { type Stack, startStack } from "./stack.ts";

const readme = readFileSync(path.resolve(import.meta.dirname, "..", "..", "README.md"), "utf8");
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
const dappSection = readme.slice(readme.indexOf("## Post from your dApp"), readme.indexOf("\n## ", readme.indexOf("## Post from your dApp") + 1));
const dappExamples = [...dappSection.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
const root = path.resolve(import.meta.dirname, "..", "..");
const terminalBlock = /Then try it from the terminal[^`]*```\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
/** `npm run kith -- <arguments>  # comment` lines, as argument lists ("quoted words" kept together). */
const terminalCommands = terminalBlock
  .split("\n")
  .map((line) => line.replace(/\s+#.*$/, "").trim())
  .filter((line) => line.startsWith("npm run kith -- "))
  .map((line) => [...line.slice("npm run kith -- ".length).matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!));

/** Every `items` list in a response, with its path. */
function lists(value: unknown, at = "data"): [string, unknown[]][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => lists(item, `${at}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === "items" && Array.isArray(child) ? [[`${at}.items`, child] as [string, unknown[]], ...lists(child, `${at}.items`)] : lists(child, `${at}.${key}`),
  );
}

describe("README GraphQL examples on the seeded demo", () => {
  let stack: Stack;
  let seeded: SeedResult;
  before(async () => {
    stack = await startStack();
    seeded = await seedDemo({ chain: stack.chain.chain, rpcUrl: stack.chain.rpcUrl, deployment: stack.deployment, log: () => {} });
    const indexer = await stack.startIndexer();
    await indexer.waitForBlock(seeded.lastBlock);
    for (const body of seeded.bodies) await uploadContent(indexer.url, body); // as `npm start -- --seed` does
    await stack.startRelayer();
  });
  after(async () => stack?.stop());

  it("has the GraphQL examples", () => assert.ok(examples.length >= 7, `found ${examples.length}`));

  it("answers every example with seeded data", async () => {
    let endCursor: string | undefined;
    for (const [i, query] of examples.entries()) {
      const response = await stack.indexer!.request(query, query.includes("$after") ? { after: endCursor } : undefined);
      assert.equal(response.errors, undefined, `example ${i + 1}: ${JSON.stringify(response.errors)}`);
      endCursor ??= response.data.homeFeed?.pageInfo.endCursor;
      // Top-level lists and fields hold seeded rows (nested reply lists may legitimately be empty).
      for (const [where, items] of lists(response.data)) {
        if (where.split(".items").length === 2) assert.ok(items.length > 0, `example ${i + 1}: ${where} is empty`);
      }
      for (const [field, value] of Object.entries(response.data)) assert.notEqual(value, null, `example ${i + 1}: ${field} is null`);
    }
    assert.ok(endCursor, "the home feed example returned a cursor");
  });

  it("runs the viem and ethers examples of \"Post from your dApp\" as written", async () => {
    assert.equal(dappExamples.length, 2);
    const dir = path.join(root, ".kith", "examples");
    mkdirSync(dir, { recursive: true });
    // The README's instructions: alice (profile 1) signs with development account 1's key.
    const env = {
      ...process.env,
      PRIVATE_KEY: `0x${Buffer.from(devAccount(1).getHdKey().privateKey!).toString("hex")}`,
      RPC_URL: stack.chain.rpcUrl,
      RELAYER_URL: stack.relayer!.url,
      KITH_DEPLOYMENTS_DIR: stack.deploymentsDir,
    };
    for (const [i, code] of dappExamples.entries()) {
      const file = path.join(dir, `readme-example-${i + 1}.ts`);
      writeFileSync(file, code);
      const { stdout } = await promisify(execFile)(process.execPath, [file], { env, cwd: root });
      const hash = /^posted in (0x[0-9a-f]{64})$/m.exec(stdout)?.[1] as `0x${string}` | undefined;
      assert.ok(hash, `example ${i + 1} printed: ${stdout}`);
      const { publicClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, devAccount(1));
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
      await stack.indexer!.waitForBlock(receipt.blockNumber);
    }
    const { data } = await stack.indexer!.request(`{ profile(id: "1") { handle posts(limit: 2) { items { app } } } }`);
    assert.equal(data.profile.handle, "alice");
    assert.deepEqual(data.profile.posts.items, [
      { app: devAccount(1).address.toLowerCase() },
      { app: devAccount(1).address.toLowerCase() },
    ]);
  });

  it("runs every terminal command of the README as written", async () => {
    const commands = terminalCommands.map((args) => args[0]);
    assert.deepEqual(commands, [
      "profile", "feed", "register", "post", "follow", "reply", "repost", "delete", "like", "tip", "thread", "notifications", "search",
      "create-channel", "join", "channel-post", "pin", "hide", "unhide", "ban", "unban", "join", "channel", "log",
      "subscribe-labeler", "label", "why-hidden", "unlabel", "create-list", "list-add", "list-remove", "subscribe-list", "leave", "--help",
    ]);
    // The session `npm start` would record, through the environment the CLI also reads.
    const env = {
      ...process.env,
      KITH_RPC_URL: stack.chain.rpcUrl,
      KITH_GRAPHQL_URL: stack.indexer!.graphqlUrl,
      KITH_CHAIN_ID: String(stack.chain.chainId),
      KITH_DEPLOYMENTS_DIR: stack.deploymentsDir,
    };
    const kith = async (args: string[]) => {
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, "scripts", "cli.ts"), ...args], { env, cwd: root }).catch((error) => {
        throw new Error(`npm run kith -- ${args.join(" ")} failed: ${error.stderr || error.message}`);
      });
      return stdout;
    };
    // <postId>: alice's first post; for delete, the post zed made with `post` (one can only delete one's own).
    // <channelPostId>: the post alice made with `channel-post`; <listId>: the list `create-list` made.
    const alicePost = String(seeded.posts.find((p) => p.label === "alice-hello")!.id);
    let zedPost: string | undefined;
    let channelPost: string | undefined;
    let listId: string | undefined;
    const outputs = new Map<string, string>();
    for (const args of terminalCommands) {
      const postId = args[0] === "delete" ? zedPost : alicePost;
      assert.ok(postId, `${args.join(" ")}: no post id yet`);
      const placeholders: Record<string, string | undefined> = { "<postId>": postId, "<channelPostId>": channelPost, "<listId>": listId };
      for (const [placeholder, value] of Object.entries(placeholders)) {
        if (args.includes(placeholder)) assert.ok(value, `${args.join(" ")}: no ${placeholder} yet`);
      }
      const stdout = await kith(args.map((arg) => placeholders[arg] ?? arg));
      outputs.set(args[0]!, stdout);
      if (args[0] === "post") zedPost = /Posted\(.*postId=(\d+)/.exec(stdout)?.[1];
      if (args[0] === "channel-post") channelPost = /ChannelPosted\(postId=(\d+)/.exec(stdout)?.[1];
      if (args[0] === "create-list") listId = /ListCreated\(listId=(\d+)/.exec(stdout)?.[1];
      const mined = /^tx 0x[0-9a-f]{64}: block (\d+), gas \d+, success$/m.exec(stdout);
      if (mined) await stack.indexer!.waitForBlock(BigInt(mined[1]!));
      else if (args[0] !== "--help") assert.doesNotThrow(() => JSON.parse(stdout), `${args.join(" ")} printed: ${stdout}`);
    }
    const moderationWrites = ["create-channel", "join", "channel-post", "pin", "hide", "unhide", "ban", "unban", "subscribe-labeler", "label", "unlabel", "create-list", "list-add", "list-remove", "subscribe-list", "leave"];
    for (const write of ["register", "post", "follow", "reply", "repost", "delete", "like", "tip", ...moderationWrites]) {
      assert.match(outputs.get(write)!, /^tx 0x[0-9a-f]{64}: block \d+, gas \d+, success$/m, `${write}: ${outputs.get(write)}`);
    }
    assert.equal(JSON.parse(outputs.get("profile")!).profile.handle, "alice");
    assert.ok(JSON.parse(outputs.get("feed")!).homeFeed.items.length > 0);
    const thread = JSON.parse(outputs.get("thread")!).post;
    assert.equal(thread.id, alicePost);
    assert.deepEqual(
      thread.replies.items.map((reply: { author: { handle: string } }) => reply.author.handle),
      ["carol", "alice", "zed"],
    );
    assert.ok(JSON.parse(outputs.get("notifications")!).notifications.items.some((n: { actor: { handle: string } | null }) => n.actor?.handle === "zed"));
    assert.deepEqual(JSON.parse(outputs.get("search")!).searchProfiles.items.map((p: { handle: string }) => p.handle), ["carol"]);
    assert.match(outputs.get("--help")!, /^Usage: npm run kith -- <command>/);
    assert.match(outputs.get("channel-post")!, /body uploaded: /);
    // `channel` ran after the unban: alice's channel post is back in the feed, pinned; zed owns it
    // (the owner moderates without being named a moderator).
    const zedAddress = devAccount(9).address.toLowerCase();
    const { channel, posts } = JSON.parse(outputs.get("channel")!);
    assert.equal(channel.name, "makers");
    assert.equal(channel.owner.toLowerCase(), zedAddress);
    assert.deepEqual(channel.moderators, []);
    assert.equal(channel.pinnedPost.id, channelPost);
    assert.deepEqual(posts.items.map((p: { id: string; body: string }) => [p.id, p.body]), [[channelPost, "gm makers"]]);
    const log = JSON.parse(outputs.get("log")!).items as { kind: string; reason: string | null; actor: string }[];
    assert.deepEqual(
      log.filter((entry) => ["BAN", "UNBAN", "HIDE", "UNHIDE", "PIN"].includes(entry.kind)).map((entry) => [entry.kind, entry.reason]),
      [["UNBAN", "appealed"], ["BAN", "spam links"], ["UNHIDE", "fine after all"], ["HIDE", "off topic"], ["PIN", null]],
    );
    const hidden = JSON.parse(outputs.get("why-hidden")!) as { kind: string; message: string; label: { value: string; labeler: string } }[];
    assert.deepEqual(hidden.map((reason) => [reason.kind, reason.label.value, reason.label.labeler.toLowerCase()]), [["LABEL", "spam", zedAddress]]);
    const { data } = await stack.indexer!.request(`{ profile(handle: "zed") { followingCount postCount } post(id: "${zedPost}") { deleted } }`);
    assert.deepEqual(data, { profile: { followingCount: 2, postCount: 1 }, post: { deleted: true } });
  });
});
