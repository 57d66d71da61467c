// Wallet-signed actions end to end: a viem account and an ethers Wallet sign, the relayer submits,
// the indexer attributes each post to its profile and app; app keys act directly and by signature;
// 50 concurrent relay requests are all submitted or cleanly refused, none lost.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { JsonRpcProvider, Wallet } from "ethers";
import { type Address, type Hash, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { type ActionMessage, computePostId, contentHash, ethersSigner, type KithActionName, type KithSigner, PostKind, relay, type RelayerError, signAction, viemSigner } from "@kith/sdk";
import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { type Stack, startStack } from "./stack.ts";

const keyOf = (index: number) => `0x${Buffer.from(devAccount(index).getHdKey().privateKey!).toString("hex")}` as const;

describe("signed actions through the relayer, seen by the indexer", () => {
  let stack: Stack;
  let relayerUrl: string;
  const alice = privateKeyToAccount(keyOf(5)); // a viem account
  let bobWallet: Wallet; // an ethers Wallet
  const app = devAccount(7); // an app's key, authorized by alice
  const ALICE = 1n;
  const BOB = 2n;

  before(async () => {
    stack = await startStack();
    await stack.startIndexer();
    relayerUrl = (await stack.startRelayer()).url;
    bobWallet = new Wallet(keyOf(6), new JsonRpcProvider(stack.chain.rpcUrl));
    await stack.send(alice, (k) => k.write.register(["alice", alice.address, zeroHash]));
  });
  after(async () => stack?.stop());

  const chainId = () => stack.chain.chainId;
  const kithAddress = () => stack.deployment.contracts.Kith.address;
  const nonceOf = (signer: Address, lane = 0n) => stack.kithAs(alice).read.nonces([signer, lane]);

  async function signAs<A extends KithActionName>(signer: KithSigner, action: A, message: ActionMessage<A>, lane = 0n) {
    return signAction({ signer, action, message, nonce: await nonceOf(signer.address, lane), chainId: chainId(), kith: kithAddress() });
  }

  async function mined(hash: Hash) {
    const { publicClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, alice);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    await stack.indexer!.waitForBlock(receipt.blockNumber);
    return receipt;
  }

  const POST = `query($id: BigInt!) { post(id: $id) { id author { handle } app appKey { key scopes active } } }`;

  it("relays a post signed by a viem account, attributed to its profile", async () => {
    const digest = contentHash("signed with viem");
    const signed = await signAs(viemSigner(alice), "Post", { profileId: ALICE, contentHash: digest, uri: "" });
    const { transactionHash } = await relay(relayerUrl, signed);
    await mined(transactionHash);
    const id = computePostId(ALICE, PostKind.Post, 0n, digest);
    const { data } = await stack.indexer!.request(POST, { id: String(id) });
    assert.deepEqual(data.post, { id: String(id), author: { handle: "alice" }, app: alice.address.toLowerCase(), appKey: null });
  });

  it("registers and posts with signatures of an ethers Wallet, paying no gas", async () => {
    const signer = await ethersSigner(bobWallet);
    const balance = await bobWallet.provider!.getBalance(bobWallet.address);
    const registered = await signAs(signer, "Register", { custody: signer.address, handle: "bob", recovery: signer.address, metadataHash: zeroHash });
    await mined((await relay(relayerUrl, registered)).transactionHash);
    const digest = contentHash("signed with ethers");
    const posted = await signAs(signer, "Post", { profileId: BOB, contentHash: digest, uri: "ipfs://bafy" });
    await mined((await relay(relayerUrl, posted)).transactionHash);
    const id = computePostId(BOB, PostKind.Post, 0n, digest);
    const { data } = await stack.indexer!.request(POST, { id: String(id) });
    assert.deepEqual(data.post, { id: String(id), author: { handle: "bob" }, app: signer.address.toLowerCase(), appKey: null });
    assert.equal(await bobWallet.provider!.getBalance(bobWallet.address), balance);
  });

  it("lets an app key post directly and by signature, attributed to the app, and lists active keys", async () => {
    const expiry = BigInt(Math.floor(Date.now() / 1000) + 86_400);
    await stack.send(alice, (k) => k.write.addAppKey([ALICE, app.address, 1n | 2n, expiry]));
    await stack.send(app, (k) => k.write.post([ALICE, contentHash("from the app, directly"), ""]));
    const digest = contentHash("from the app, signed");
    const signed = await signAs(viemSigner(app), "Post", { profileId: ALICE, contentHash: digest, uri: "" });
    await mined((await relay(relayerUrl, signed)).transactionHash);
    const expected = { key: app.address.toLowerCase(), scopes: ["POST", "REACT"], active: true };
    for (const text of ["from the app, directly", "from the app, signed"]) {
      const id = computePostId(ALICE, PostKind.Post, 0n, contentHash(text));
      const { data } = await stack.indexer!.request(POST, { id: String(id) });
      assert.deepEqual(data.post, { id: String(id), author: { handle: "alice" }, app: app.address.toLowerCase(), appKey: expected });
    }
    const { data } = await stack.indexer!.request(`{ profile(id: "1") { appKeys { items { key scopes expiry active } } } }`);
    assert.deepEqual(data.profile.appKeys.items, [{ ...expected, expiry: String(expiry) }]);

    // Out of scope: the app may post but not follow.
    const follow = await signAs(viemSigner(app), "Follow", { followerId: ALICE, followeeId: BOB });
    await assert.rejects(relay(relayerUrl, follow), (error: RelayerError) => {
      assert.deepEqual([error.status, error.code, (error.details as { error: string }).error], [403, "out_of_scope", "AppKeyOutOfScope"]);
      return true;
    });
  });

  it("submits or cleanly refuses 50 concurrent requests and loses none", async () => {
    // 10 profiles post 5 times each, every post in its own nonce lane so all 50 can be in flight.
    const signers = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map(devAccount);
    for (const [i, account] of signers.entries()) {
      await stack.send(account, (k) => k.write.register([`writer${i}`, account.address, zeroHash]));
    }
    const firstId = (await stack.kithAs(alice).read.profileCount()) - 9n;
    const requests = await Promise.all(
      signers.flatMap((account, i) =>
        [1n, 2n, 3n, 4n, 5n].map((lane) =>
          signAs(viemSigner(account), "Post", { profileId: firstId + BigInt(i), contentHash: contentHash(`load ${i} ${lane}`), uri: "" }, lane),
        ),
      ),
    );
    const started = performance.now();
    const outcomes = await Promise.allSettled(requests.map((signed) => relay(relayerUrl, signed)));
    const elapsed = performance.now() - started;
    const accepted = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.transactionHash] : []));
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as RelayerError] : []));
    // Refusals may only be rate limits; anything else would be a lost or broken request.
    assert.deepEqual(refused.filter((e) => e.status !== 429), []);
    assert.equal(new Set(accepted).size, accepted.length);
    const receipts = await Promise.all(accepted.map(mined));
    assert.equal(receipts.length, accepted.length);
    const { data } = await stack.indexer!.request(`{ ${signers.map((_, i) => `p${i}: profile(id: "${firstId + BigInt(i)}") { postCount }`).join(" ")} }`);
    const indexed = Object.values(data as Record<string, { postCount: number }>).reduce((sum, p) => sum + p.postCount, 0);
    assert.equal(indexed, accepted.length);
    console.log(`      50 concurrent relays: ${accepted.length} submitted, ${refused.length} refused (429), ${elapsed.toFixed(0)} ms`);
  });

  it("rate-limits per profile with 429 and Retry-After", async () => {
    const limited = await stack.startRelayer({ perProfilePerMinute: 2 });
    const texts = ["r1", "r2", "r3"];
    const results = [];
    for (const [lane, text] of texts.entries()) {
      const signed = await signAs(viemSigner(alice), "Post", { profileId: ALICE, contentHash: contentHash(text), uri: "" }, BigInt(lane + 10));
      results.push(await relay(limited.url, signed).then(() => 200, (e: RelayerError) => [e.status, e.code]));
    }
    assert.deepEqual(results, [200, 200, [429, "rate_limited"]]);
  });
});
