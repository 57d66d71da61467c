// Moving a profile between two deployments: a source chain (31337) and a target chain with another
// chain id (1337), each with Kith and a real indexer. Alice's profile is exported with the CLI,
// verified against the source RPC, imported into the target with one signature of hers (a payer
// sends), and the target's indexer then shows her follows (those that exist there), posts, threads
// and bodies as the export has them. Tampered files fail verification, naming the item; an
// interrupted import resumes without duplicates; a taken handle is refused before anything is sent.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

import { type LocalAccount, createPublicClient, createWalletClient, type Hex, http, sha256, zeroAddress, zeroHash } from "viem";
import { generatePrivateKey } from "viem/accounts";

import {
  cidOfDigest,
  contentHash,
  exportProfile,
  importProfile,
  KithImportError,
  kithAbi,
  parseKithExport,
  parseOriginUri,
  stringifyKithExport,
  uploadContent,
  verifyKithExport,
  viemSigner,
  type KithExport,
} from "@kith/sdk";

import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { devAccount } from "../../scripts/lib/chain.ts";
import { type Stack, startStack } from "./stack.ts";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..", "..");
const [ALICE, BOB, CAROL, DAVE, EVE, PAYER] = [1, 2, 3, 4, 5, 6].map(devAccount) as LocalAccount[];

describe("moving a profile to another deployment: export, verify, import", () => {
  let source: Stack;
  let target: Stack;
  let work: string;
  const ids: Record<string, bigint> = {};
  const posts: Record<string, { id: bigint; text: string }> = {};

  /** `npm run kith -- ...` against one of the stacks, as a user types it. */
  const kith = (stack: Stack, ...args: string[]) =>
    run(process.execPath, [path.join(root, "scripts", "cli.ts"), ...args, "--rpc", stack.chain.rpcUrl, "--graphql", stack.indexer!.graphqlUrl, "--chain-id", String(stack.chain.chainId)], {
      cwd: work,
      env: { ...process.env, KITH_DEPLOYMENTS_DIR: stack.deploymentsDir },
    });
  const register = async (stack: Stack, account: LocalAccount, handle: string) => {
    await stack.send(account, (k) => k.write.register([handle, zeroAddress, zeroHash]));
    return stack.kithAs(account).read.profileIdOf([handle]);
  };
  const publish = async (account: LocalAccount, name: string, text: string, write: (digest: Hex) => Promise<Hex>) => {
    const digest = contentHash(text);
    const block = await source.send(account, () => write(digest));
    const logs = await createPublicClient({ transport: http(source.chain.rpcUrl) }).getContractEvents({ address: source.deployment.contracts.Kith.address, abi: kithAbi, eventName: "Posted", fromBlock: block, toBlock: block });
    const id = logs.at(-1)!.args.postId!;
    posts[name] = { id, text };
    await uploadContent(source.indexer!.url, text);
    return id;
  };

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), "kith-migration-"));
    [source, target] = await Promise.all([startStack(), startStack({ chainId: 1337 })]);
    await Promise.all([source.startIndexer(), target.startIndexer()]);

    // Source: alice, bob, carol, dave, eve. Target: a filler first (ids differ), bob, carol, eve; no dave.
    const metadata = '{"name":"Alice","bio":"moving house"}';
    await source.send(ALICE, (k) => k.write.register(["alice", zeroAddress, contentHash(metadata)]));
    ids.alice = await source.kithAs(ALICE).read.profileIdOf(["alice"]);
    await uploadContent(source.indexer!.url, metadata);
    for (const [account, handle] of [[BOB, "bob"], [CAROL, "carol"], [DAVE, "dave"], [EVE, "eve"]] as const) ids[handle] = await register(source, account, handle);
    await register(target, DAVE, "someone");
    for (const [account, handle] of [[BOB, "bob"], [CAROL, "carol"], [EVE, "eve"]] as const) await register(target, account, handle);

    const a = ids.alice!;
    await source.send(ALICE, (k) => k.write.followBatch([a, [ids.bob!, ids.carol!, ids.dave!]]));
    await source.send(ALICE, (k) => k.write.blockProfile([a, ids.eve!]));
    const bobsPost = await publish(BOB, "bobs", "bob says hi", (d) => source.kithAs(BOB).write.post([ids.bob!, d, ""]));
    const first = await publish(ALICE, "first", "first post from alice", (d) => source.kithAs(ALICE).write.post([a, d, "ipfs://example"]));
    await publish(ALICE, "reply", "alice replies to herself", (d) => source.kithAs(ALICE).write.reply([a, first, d, ""]));
    await publish(ALICE, "toBob", "alice replies to bob", (d) => source.kithAs(ALICE).write.reply([a, bobsPost, d, ""]));
    await publish(ALICE, "quote", "alice quotes herself", (d) => source.kithAs(ALICE).write.quote([a, first, d, ""]));
    const gone = await publish(ALICE, "deleted", "alice regrets this", (d) => source.kithAs(ALICE).write.post([a, d, ""]));
    await source.send(ALICE, (k) => k.write.deletePost([a, gone]));
    await source.send(ALICE, (k) => k.write.repost([a, first]));
    await source.send(ALICE, (k) => k.write.repost([a, bobsPost]));
    await source.send(ALICE, (k) => k.write.like([a, first]));
    await source.send(ALICE, (k) => k.write.like([a, bobsPost]));
    await source.send(ALICE, (k) => k.write.addAppKey([a, devAccount(7).address, 1n, 2n ** 40n]));
    // A post whose body no indexer has: exported as missing.
    await source.send(ALICE, (k) => k.write.post([a, contentHash("never uploaded"), ""]));
  });

  /** Waits until the target's latest block has `handle` registered (writes above are not awaited). */
  const waitForHandle = async (handle: string) => {
    while ((await target.kithAs(ALICE).read.profileIdOf([handle])) === 0n) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  after(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
    rmSync(work, { recursive: true, force: true });
  });

  let file: KithExport;
  const fileName = () => path.join(work, "alice.kith.json");

  it("kith export writes the profile, its graph, live posts, likes, app keys and bodies, each with its chain facts", async () => {
    const { stdout } = await kith(source, "export", "alice", "--account", "1");
    assert.match(stdout, /exported @alice .* 3 follows, 1 blocks, 7 posts, 2 likes, 1 app keys, 5 bodies \(1 no indexer had\)/);
    file = parseKithExport(readFileSync(fileName(), "utf8"));
    assert.equal(file.source.chainId, 31337);
    assert.deepEqual(file.follows.map((e) => e.handle), ["bob", "carol", "dave"]);
    assert.deepEqual(file.blocks.map((e) => e.handle), ["eve"]);
    assert.deepEqual(
      file.posts.map((p) => p.kind),
      ["post", "reply", "reply", "quote", "repost", "repost", "post"],
    );
    assert.ok(!file.posts.some((p) => p.id === posts.deleted!.id), "a deleted post is not exported");
    for (const body of file.bodies) {
      assert.equal(sha256(body.bytes), body.digest);
      const cid = CID.create(1, 0x55, Digest.create(0x12, Buffer.from(body.digest.slice(2), "hex"))).toString();
      assert.equal(body.cid, cid, "the SDK's CID is multiformats' (the indexer's)");
    }
    assert.deepEqual(file.missingBodies, [contentHash("never uploaded")]);
    const receipt = await createPublicClient({ transport: http(source.chain.rpcUrl) }).getTransactionReceipt({ hash: file.posts[0]!.fact.transactionHash });
    assert.equal(receipt.blockHash, file.posts[0]!.fact.blockHash);
    assert.ok(receipt.logs.some((l) => Number(l.logIndex) === file.posts[0]!.fact.logIndex && l.topics[1] === `0x${file.posts[0]!.id.toString(16).padStart(64, "0")}`));
  });

  it("kith verify checks the file against the source RPC: every item, block and body", async () => {
    const { stdout } = await kith(source, "verify", fileName(), "--rpc", source.chain.rpcUrl);
    assert.match(stdout, new RegExp(`^verified: \\d+ items against \\d+ logs of Kith ${source.deployment.contracts.Kith.address} and \\d+ blocks of chain 31337, 5 bodies against their digests$`, "m"));
  });

  it("kith verify exits 1 naming each problem; bad input is refused with the reason", async () => {
    const forged = parseKithExport(stringifyKithExport(file));
    forged.follows.pop();
    writeFileSync(path.join(work, "forged.json"), stringifyKithExport(forged));
    const failed = (args: string[]) =>
      kith(source, ...args).then(
        () => assert.fail(`kith ${args.join(" ")} succeeded`),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    const forgedRun = await failed(["verify", path.join(work, "forged.json"), "--rpc", source.chain.rpcUrl]);
    assert.equal(forgedRun.code, 1);
    assert.match(forgedRun.stdout, new RegExp(`^\\$\\.follows: leaves out ${file.follows.at(-1)!.profileId}, which the chain has as of the file's block$`, "m"));
    assert.match(forgedRun.stdout, /^NOT verified: 1 problem\(s\)$/m);
    assert.match((await failed(["verify", path.join(work, "nothing.json"), "--rpc", source.chain.rpcUrl])).stderr, /^kith: no such file: .*nothing\.json/);
    writeFileSync(path.join(work, "broken.json"), stringifyKithExport(file).replace('"format": "kith-export"', '"format": "something-else"'));
    assert.match((await failed(["verify", path.join(work, "broken.json"), "--rpc", source.chain.rpcUrl])).stderr, /^kith: \$\.format: expected "kith-export"$/m);
    assert.match((await failed(["import", fileName()])).stderr, /^kith: import needs --network <name>: localhost or one of sepolia, baseSepolia, opSepolia/m);
    assert.match((await failed(["import", fileName(), "--network", "mainnet"])).stderr, /^kith: unknown network "mainnet"/m);
    assert.match((await failed(["export", "nobody"])).stderr, /^kith: no profile has the handle nobody at block \d+$/m);
  });

  it("verify names what was altered, added or left out, and a file of another chain", async () => {
    const client = createPublicClient({ transport: http(source.chain.rpcUrl) });
    const fromBlock = BigInt(source.deployment.contracts.Kith.blockNumber);
    const altered = (change: (f: KithExport) => void) => {
      const copy = parseKithExport(stringifyKithExport(file));
      change(copy);
      return copy;
    };
    const problems = async (f: KithExport, c = client) => (await verifyKithExport(f, { client: c, fromBlock })).problems.map((p) => p.path);
    assert.deepEqual(await problems(file), []);
    // The altered post differs from the chain's, and its body is now of no post while the new digest has none.
    const forged = await problems(altered((f) => (f.posts[0]!.contentHash = contentHash("not what she wrote"))));
    assert.equal(forged[0], "$.posts[0]");
    assert.deepEqual(forged.slice(1).sort(), ["$.bodies", `$.bodies[${file.bodies.findIndex((b) => b.digest === file.posts[0]!.contentHash)}]`].sort());
    assert.deepEqual(await problems(altered((f) => f.follows.pop())), ["$.follows"]);
    assert.deepEqual(await problems(altered((f) => (f.follows[0]!.handle = "mallory"))), ["$.follows[0].handle"]);
    assert.deepEqual(await problems(altered((f) => (f.bodies[0]!.bytes = new TextEncoder().encode("forged")))), ["$.bodies[0].bytes"]);
    assert.deepEqual(await problems(altered((f) => (f.profile.handle = "alicia"))), ["$.profile.handle", "$.profile.handle"]);
    assert.deepEqual(await problems(altered((f) => (f.likes[0]!.fact.blockHash = zeroHash))), ["$.likes[0]", "$.likes[0].fact"]);
    const other = createPublicClient({ transport: http(target.chain.rpcUrl) });
    assert.deepEqual(await problems(file, other), ["$.source.chainId"]);
    // A file that names a look-alike contract proves nothing about the Kith you trust.
    const lookAlike = altered((f) => (f.source.kith = source.deployment.contracts.KithTips.address));
    assert.deepEqual(
      (await verifyKithExport(lookAlike, { client, kith: source.deployment.contracts.Kith.address, fromBlock })).problems,
      [{ path: "$.source.kith", message: `the file is of the contract ${source.deployment.contracts.KithTips.address}, not of Kith ${source.deployment.contracts.Kith.address}` }],
    );
  });

  it("kith import re-creates the profile on chain 1337 with one signature of the owner; the target's indexer shows it as exported", async () => {
    const before = await createPublicClient({ transport: http(target.chain.rpcUrl) }).getTransactionCount({ address: ALICE.address });
    const { stdout } = await kith(target, "import", fileName(), "--network", "localhost", "--indexer", target.indexer!.url, "--account", "1", "--payer-account", "6");
    assert.match(stdout, /^imported @alice as profile \d+/m);
    assert.match(stdout, /follows: 2 imported, 0 already there, 1 not on this network \(dave\)/);
    assert.match(stdout, /posts: 6 imported, 0 already there, 1 replies\/quotes of others' posts as posts, 1 skipped/);
    assert.match(stdout, /likes: 1 imported, 0 already there, 1 of others' posts skipped/);
    const targetClient = createPublicClient({ transport: http(target.chain.rpcUrl) });
    // The owner signed; she sent nothing and paid nothing.
    assert.equal(await targetClient.getTransactionCount({ address: ALICE.address }), before);
    const k = target.kithAs(ALICE);
    const id = await k.read.profileIdOf(["alice"]);
    assert.equal(await k.read.custodyOf([id]), ALICE.address);
    assert.equal(await k.read.recoveryOf([id]), ALICE.address);

    const head = await targetClient.getBlockNumber();
    await target.indexer!.waitForBlock(head);
    const { data } = await target.indexer!.request(
      `query($id: BigInt!) { profile(id: $id) { handle custody metadata following(limit: 10) { items { profile { handle } } }
         posts(limit: 20, includeReplies: true) { items { kind body uri origin { chainId contract postId } parent { body } quoted { body } reposted { body } } } } }`,
      { id: String(id) },
    );
    const profile = data.profile;
    assert.equal(profile.handle, "alice");
    assert.equal(profile.custody.toLowerCase(), ALICE.address.toLowerCase());
    assert.equal(profile.metadata, '{"name":"Alice","bio":"moving house"}');
    assert.deepEqual(profile.following.items.map((f: any) => f.profile.handle).sort(), ["bob", "carol"]);
    const byBody = new Map(profile.posts.items.filter((p: any) => p.kind !== "REPOST").map((p: any) => [p.body, p]));
    assert.equal((byBody.get("alice replies to herself") as any).parent.body, "first post from alice", "a reply to her own post keeps its thread");
    assert.equal((byBody.get("alice quotes herself") as any).quoted.body, "first post from alice");
    assert.equal((byBody.get("alice replies to bob") as any).kind, "POST", "bob's post has no copy: a plain post");
    for (const post of profile.posts.items.filter((p: any) => p.kind !== "REPOST")) {
      const origin = parseOriginUri(post.uri);
      assert.ok(origin, `${post.uri} names its original`);
      assert.deepEqual(post.origin, { chainId: origin.chainId, contract: origin.contract, postId: String(origin.postId) }, "GraphQL's Post.origin reads the uri");
      assert.equal(origin.chainId, 31337);
      const original = file.posts.find((p) => p.id === origin.postId);
      assert.ok(original, "the origin is a post of the export");
      if (post.body !== null) assert.equal(contentHash(post.body), original.contentHash);
    }
    const reposts = profile.posts.items.filter((p: any) => p.kind === "REPOST");
    assert.deepEqual(reposts.map((p: any) => p.reposted.body), ["first post from alice"]);
    // Every body of the export is served by the target's indexer by digest and CID.
    for (const body of file.bodies) {
      const response = await fetch(new URL(`/ipfs/${cidOfDigest(body.digest)}`, target.indexer!.url));
      assert.equal(response.status, 200, body.digest);
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), body.bytes);
    }
  });

  /** importProfile's options for alice's file into the target, paid by PAYER, with a fresh import key. */
  const importInto = (handle: string) => ({
    file,
    client: createPublicClient({ transport: http(target.chain.rpcUrl) }),
    payer: createWalletClient({ chain: target.chain.chain, transport: http(target.chain.rpcUrl), account: PAYER }),
    owner: viemSigner(ALICE),
    kith: target.deployment.contracts.Kith.address,
    batch: target.deployment.contracts.KithBatch.address,
    fromBlock: BigInt(target.deployment.contracts.Kith.blockNumber),
    importKey: generatePrivateKey(),
    handle,
  });

  it("an interrupted import resumes with the same import key and sends nothing twice", async () => {
    const targetClient = createPublicClient({ transport: http(target.chain.rpcUrl) });
    const options = {
      ...importInto("alice2"),
      // Small transactions, so the import takes several and can stop between them.
      maxGas: 400_000n,
    };
    await assert.rejects(importProfile({ ...options, maxTransactions: 3 }), (error: KithImportError) => error.code === "send_failed");
    const report = await importProfile(options);
    assert.equal(report.complete, true);
    assert.ok(report.posts.already > 0 && report.posts.imported > 0, JSON.stringify(report.posts, (_, v) => (typeof v === "bigint" ? String(v) : v)));
    assert.equal(report.posts.already + report.posts.imported, 6);
    assert.equal(report.follows.already + report.follows.imported, 2);
    const logs = await targetClient.getContractEvents({
      address: target.deployment.contracts.Kith.address,
      abi: kithAbi,
      eventName: "Posted",
      args: { profileId: report.profileId },
      fromBlock: 0n,
    });
    assert.equal(logs.length, 6, "each post was sent once");
    assert.equal(new Set(logs.map((l) => l.args.postId)).size, 6);
    // Once done, running it again changes nothing.
    const again = await importProfile(options);
    assert.equal(again.complete, true);
    assert.equal(again.transactions.length, 0);
  });

  it("kith import killed with SIGKILL while it sends, then run again: complete, every post once", async () => {
    // A copy of the file: an import key (kept beside the file) makes one profile.
    const copy = path.join(work, "alice-again.kith.json");
    writeFileSync(copy, readFileSync(fileName()));
    const args = [path.join(root, "scripts", "cli.ts"), "import", copy, "--network", "localhost", "--handle", "alice3", "--max-gas", "300000"];
    const common = ["--rpc", target.chain.rpcUrl, "--graphql", target.indexer!.graphqlUrl, "--account", "1", "--payer-account", "6"];
    const env = { ...process.env, KITH_DEPLOYMENTS_DIR: target.deploymentsDir };
    const child = spawn(process.execPath, [...args, ...common], { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
    // Killed as soon as it starts sending the follows and posts (transactions of at most 300k gas each).
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("round 1:")) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.once("exit", (code) => reject(new Error(`the import ended (${code}) before it was killed`)));
    });
    await new Promise((resolve) => child.once("exit", resolve));
    const k = target.kithAs(ALICE);
    const id = await k.read.profileIdOf(["alice3"]);
    assert.notEqual(id, 0n, "it had registered the profile");
    assert.notEqual(await k.read.custodyOf([id]), ALICE.address, "and not handed it over yet");
    const { stdout } = await run(process.execPath, [...args, ...common], { cwd: work, env });
    assert.match(stdout, /^imported @alice3 as profile \d+/m);
    assert.equal(await k.read.custodyOf([id]), ALICE.address);
    const logs = await createPublicClient({ transport: http(target.chain.rpcUrl) }).getContractEvents({
      address: target.deployment.contracts.Kith.address,
      abi: kithAbi,
      eventName: "Posted",
      args: { profileId: id },
      fromBlock: 0n,
    });
    assert.equal(logs.length, 6, "each post was sent once");
  });

  it("a follow the target refuses (the followee blocks the new profile) is reported with its error; the rest lands and the owner gets it", async () => {
    const options = importInto("alice4");
    // Only the registration, then bob blocks the new profile before its follows are sent.
    await assert.rejects(importProfile({ ...options, maxTransactions: 1 }), (error: KithImportError) => error.code === "send_failed");
    const k = target.kithAs(BOB);
    const id = await k.read.profileIdOf(["alice4"]);
    const bobOnTarget = await k.read.profileIdOf(["bob"]);
    await target.send(BOB, (kith) => kith.write.blockProfile([bobOnTarget, id]));
    const report = await importProfile(options);
    assert.equal(report.complete, true);
    assert.deepEqual(report.follows.refused, [{ handle: "bob", reason: `ProfileBlocked(blockerId=${bobOnTarget}, blockedId=${id})` }]);
    assert.equal(report.follows.imported, 1);
    assert.equal(report.posts.imported, 6);
    assert.equal(await k.read.isFollowing([id, await k.read.profileIdOf(["carol"])]), true);
    assert.equal(await k.read.custodyOf([id]), ALICE.address);
  });

  it("a follows-only round of 100 ids fits its gas (KithBatch keeps 1/64 back), and a recovery of the owner's choosing is set", async () => {
    // 100 profiles on the target, and a file that follows them all and has no posts.
    const many = Array.from({ length: 100 }, (_, i) => `m${String(i).padStart(3, "0")}`);
    const registrar = target.kithAs(EVE);
    for (const handle of many) await registrar.write.register([handle, zeroAddress, zeroHash]);
    const lastHandle = many.at(-1)!;
    await waitForHandle(lastHandle);
    const followsOnly = parseKithExport(stringifyKithExport(file));
    followsOnly.posts = [];
    followsOnly.likes = [];
    followsOnly.blocks = [];
    followsOnly.follows = many.map((handle, i) => ({ ...file.follows[0]!, profileId: BigInt(1000 + i), handle }));
    const recovery = devAccount(9).address;
    const report = await importProfile({ ...importInto("alice5"), file: followsOnly, recovery });
    assert.equal(report.complete, true);
    assert.equal(report.follows.imported, 100);
    assert.equal(report.transactions.length, 3, "registration, one batch of 100 follows, the hand-over");
    assert.equal(await target.kithAs(ALICE).read.recoveryOf([report.profileId]), recovery);
    assert.equal(report.recovery, recovery);
  });

  it("a handle taken on the target by someone else is refused before anything is sent", async () => {
    const targetClient = createPublicClient({ transport: http(target.chain.rpcUrl) });
    const nonce = await targetClient.getTransactionCount({ address: PAYER.address });
    await assert.rejects(
      importProfile(importInto("bob")),
      (error: KithImportError) => {
        assert.equal(error.code, "handle_taken");
        assert.match(error.message, /^the handle @bob is taken on chain 1337 \(profile \d+, custody 0x[0-9a-fA-F]{40}\): choose another handle for the import \(--handle\)$/);
        return true;
      },
    );
    assert.equal(await targetClient.getTransactionCount({ address: PAYER.address }), nonce);
  });

  it("exportProfile reads the chain, not the indexer: with no indexer it has every item and lists every body as missing", async () => {
    const client = createPublicClient({ transport: http(source.chain.rpcUrl) });
    const bare = await exportProfile({ client, kith: source.deployment.contracts.Kith.address, fromBlock: 0n, profile: "@alice", blockNumber: file.source.blockNumber });
    assert.deepEqual(
      bare.posts.map((p) => p.id),
      file.posts.map((p) => p.id),
    );
    assert.equal(bare.bodies.length, 0);
    assert.equal(bare.missingBodies.length, 6);
    writeFileSync(path.join(work, "bare.json"), stringifyKithExport(bare));
    assert.equal((await verifyKithExport(bare, { client, fromBlock: 0n })).ok, true);
  });
});
