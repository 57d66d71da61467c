// End to end with contract wallets and refusals: a real Safe 1.4.1 (ERC-1271) and a not yet deployed
// ERC-4337 account (ERC-6492) act through the relayer, and every way the relayer and the contract
// refuse a signed action is checked with its HTTP answer and with the chain left untouched.
// One anvil chain, the real relayer and the real indexer for the whole file.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";

import { artifacts, network } from "hardhat";
import {
  type Abi,
  type Address,
  concat,
  createTestClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  type LocalAccount,
  parseSignature,
  recoverTypedDataAddress,
  serializeErc6492Signature,
  toHex,
  zeroAddress,
  zeroHash,
} from "viem";
import { generatePrivateKey } from "viem/accounts";

import { type ActionMessage, actionTypedData, computePostId, contentHash, exportProfile, importProfile, KITH_ACTION_NAMES, kithAbi, type KithActionName, type KithSigner, PostKind, relay, RelayerError, safeSigner as sdkSafeSigner, serializeSignedAction, signAction, type SignedAction, toContractCall, viemSigner } from "@kith/sdk";
import { type Clients, clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { readArtifact } from "../../scripts/lib/deploy.ts";
import { type Stack, startStack } from "./stack.ts";

const { viem } = await network.create();
const require = createRequire(import.meta.url);

// Development accounts 5-15 (0 deployed Kith, 19 pays for the relayer).
const payer = devAccount(5); // deploys the wallets' contracts and submits transactions directly
const safeOwners = [devAccount(6), devAccount(7), devAccount(8)];
const outsider = devAccount(9); // owns nothing
const accountOwner = devAccount(10); // owner of the ERC-4337 account
const alice = devAccount(11);
const mallory = devAccount(12);
const appKey = devAccount(13);
const canceller = devAccount(14); // cancels all its signatures: nobody else may share its nonces
const walletOwner = devAccount(15); // owner of the switchable ERC-1271 wallets

/** secp256k1 group order: s and n - s are both valid ECDSA, Kith accepts only the low one. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const SCOPE_POST = 1n;
const SCOPE_FOLLOW = 4n;

function npmArtifact(file: string): { abi: Abi; bytecode: Hex } {
  return JSON.parse(readFileSync(require.resolve(file), "utf8"));
}
/** A contract of test/solidity/mocks/E2EWallets.sol, compiled by Hardhat with the tests. */
async function mockArtifact(name: string): Promise<{ abi: Abi; bytecode: Hex }> {
  const { abi, bytecode } = await artifacts.readArtifact(name);
  return { abi: abi as Abi, bytecode: bytecode as Hex };
}
const SAFE = "@safe-global/safe-contracts/build/artifacts/contracts";
const safeSingletonArtifact = npmArtifact(`${SAFE}/Safe.sol/Safe.json`);
const safeProxyFactoryArtifact = npmArtifact(`${SAFE}/proxies/SafeProxyFactory.sol/SafeProxyFactory.json`);
const fallbackHandlerArtifact = npmArtifact(`${SAFE}/handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json`);
const entryPointArtifact = npmArtifact("@account-abstraction/contracts/artifacts/EntryPoint.json");

describe("contract wallets and refusals end to end (anvil, relayer, indexer)", () => {
  let stack: Stack;
  let clients: Clients;
  let kith: ReturnType<Stack["kithAs"]>;
  let safeInfra: { singleton: Address; factory: Address; fallbackHandler: Address };
  let accountFactory: { address: Address; abi: Abi };
  let accountAbi: Abi;
  let switchableWallet: { abi: Abi; bytecode: Hex };
  let nextLane = 1n;
  let nextSalt = 1n;
  let nextHandle = 1;

  /** A nonce lane no other test signs in, so every test starts from fresh nonces. */
  const freshLane = () => nextLane++;
  /** `base` made unique (handles are 3-16 characters of a-z, 0-9, _). */
  const freshHandle = (base: string) => `${base}_${nextHandle++}`;

  async function deploy(artifact: { abi: Abi; bytecode: Hex }, args: readonly unknown[] = []): Promise<Address> {
    const hash = await clients.walletClient.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    assert.equal(receipt.status, "success");
    return getAddress(receipt.contractAddress!);
  }

  async function mined(hash: Hex) {
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    assert.equal(receipt.status, "success", `transaction ${hash} reverted`);
    return receipt;
  }

  async function chainNow(): Promise<bigint> {
    return (await clients.publicClient.getBlock()).timestamp;
  }

  /** Moves the chain's clock forward and mines a block at the new time. */
  async function advanceChainTime(seconds: number) {
    const testClient = createTestClient({ mode: "anvil", chain: stack.chain.chain, transport: http(stack.chain.rpcUrl) });
    await testClient.increaseTime({ seconds });
    await testClient.mine({ blocks: 1 });
  }

  /** Signs `action` as `signer` (or as the wallet `as`) with the signer's next nonce in `lane`, or with `nonce`. */
  async function sign<A extends KithActionName>(
    signer: KithSigner,
    action: A,
    message: ActionMessage<A>,
    options: { lane: bigint; nonce?: bigint; as?: Address; deadline?: bigint; chainId?: number; kith?: Address },
  ): Promise<SignedAction<A>> {
    const nonce = options.nonce ?? (await kith.read.nonces([options.as ?? signer.address, options.lane]));
    return signAction({
      signer,
      action,
      message,
      nonce,
      // From the chain's clock, which tests move ahead of the wall clock.
      deadline: options.deadline ?? (await chainNow()) + 3600n,
      chainId: options.chainId ?? stack.chain.chainId,
      kith: options.kith ?? kith.address,
      as: options.as,
    });
  }

  /** Relays `signed` and waits for its transaction to succeed. */
  async function relayed(signed: SignedAction) {
    const { transactionHash } = await relay(stack.relayer!.url, signed);
    return mined(transactionHash);
  }

  /** Submits `signed` from the payer account, without the relayer. */
  function submitDirectly(signed: SignedAction) {
    const { functionName, args } = toContractCall(signed);
    return clients.walletClient.writeContract({ address: kith.address, abi: kithAbi, functionName: functionName as never, args: args as never });
  }

  /** What a refused request must leave as it was: no block (hence no event and no relayer transaction) and the signer's nonce. */
  async function chainState(watch?: { signer: Address; lane: bigint }) {
    return {
      block: await clients.publicClient.getBlockNumber({ cacheTime: 0 }), // viem caches it for 4 s otherwise
      relayerTransactions: await clients.publicClient.getTransactionCount({ address: stack.relayer!.address }),
      signerNonce: watch ? await kith.read.nonces([watch.signer, watch.lane]) : undefined,
    };
  }

  async function assertUnchangedBy(watch: { signer: Address; lane: bigint } | undefined, request: () => Promise<void>) {
    const before = await chainState(watch);
    await request();
    assert.deepEqual(await chainState(watch), before);
  }

  /** The relayer refuses `signed` with exactly `expected`, and nothing changes on chain. */
  async function assertRefused(
    signed: SignedAction,
    lane: bigint,
    expected: { status: number; code: string; message: string; details?: { error: string; args: unknown[] } },
  ) {
    await assertUnchangedBy({ signer: signed.signer, lane }, () =>
      assert.rejects(relay(stack.relayer!.url, signed), (error) => {
        assert.ok(error instanceof RelayerError, String(error));
        const { status, code, message, details } = error;
        assert.deepEqual({ status, code, message, ...(details === undefined ? {} : { details }) }, expected);
        return true;
      }),
    );
  }

  /** The refusal the relayer answers when the contract would revert with `error(args)`. */
  function contractRefusal(status: number, code: string, error: string, args: unknown[] = []) {
    return { status, code, message: `the contract would revert with ${error}`, details: { error, args } };
  }
  // The relayer verifies signatures before it simulates anything, and says why one fails.
  const notRecovered = (signer: Address) => ({
    status: 401,
    code: "invalid_signature",
    message: `the signature does not recover to the signer ${signer} (ECDSA with low s and v 27 or 28), and the signer is not a contract wallet`,
  });
  const walletRefused = (wallet: Address) => ({ status: 401, code: "invalid_signature", message: `the wallet ${wallet} refused the signature (ERC-1271 reverted)` });

  /** A profile registered directly by `owner` (custody and recovery). */
  async function eoaProfile(owner: LocalAccount, base: string): Promise<bigint> {
    const handle = freshHandle(base);
    await stack.send(owner, (k) => k.write.register([handle, owner.address, zeroHash]));
    return kith.read.profileIdOf([handle]);
  }

  /** Registers `custody` through the relayer with a signature of `signer` (a wallet's owners). */
  async function registerThroughRelayer(signer: KithSigner, custody: Address, base: string, lane: bigint, as?: Address) {
    const handle = freshHandle(base);
    const message = { custody, handle, recovery: zeroAddress, metadataHash: zeroHash };
    await relayed(await sign(signer, "Register", message, { lane, as }));
    const profileId = await kith.read.profileIdOf([handle]);
    assert.equal(await kith.read.custodyOf([profileId]), custody);
    return { profileId, handle };
  }

  function postMessage(profileId: bigint, body: string): ActionMessage<"Post"> {
    return { profileId, contentHash: contentHash(body), uri: "" };
  }

  async function postedEvents(profileId: bigint) {
    return clients.publicClient.getContractEvents({ address: kith.address, abi: kithAbi, eventName: "Posted", args: { profileId }, fromBlock: 0n });
  }

  async function query(text: string, variables?: Record<string, unknown>) {
    const response = await stack.indexer!.request(text, variables);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data;
  }

  // ---------------------------------------------------------------- Safe 1.4.1 (ERC-1271)

  /** A Safe proxy with `owners` and `threshold` and CompatibilityFallbackHandler, which answers ERC-1271. */
  async function createSafe(owners: LocalAccount[], threshold: bigint): Promise<Address> {
    const setup = encodeFunctionData({
      abi: safeSingletonArtifact.abi,
      functionName: "setup",
      args: [owners.map((o) => o.address), threshold, zeroAddress, "0x", safeInfra.fallbackHandler, zeroAddress, 0n, zeroAddress],
    });
    const { result, request } = await clients.publicClient.simulateContract({
      account: payer,
      address: safeInfra.factory,
      abi: safeProxyFactoryArtifact.abi,
      functionName: "createProxyWithNonce",
      args: [safeInfra.singleton, setup, nextSalt++],
    });
    await mined(await clients.walletClient.writeContract(request));
    return result as Address;
  }

  /**
   * A Safe as a Kith signer. CompatibilityFallbackHandler.isValidSignature(bytes32 hash, bytes sig)
   * asks the Safe's checkSignatures over the EIP-712 hash of SafeMessage(bytes message) with
   * message = abi.encode(hash), in the domain {chainId, verifyingContract: safe}; the signatures are
   * the owners' 65-byte ECDSA signatures of that hash, in ascending owner address order.
   */
  function safeSigner(safe: Address, signingOwners: LocalAccount[]): KithSigner {
    return sdkSafeSigner(safe, stack.chain.chainId, signingOwners.map((owner) => viemSigner(owner)));
  }

  // ---------------------------------------------------------------- lifecycle

  before(async () => {
    stack = await startStack();
    clients = clientsFor(stack.chain.chain, stack.chain.rpcUrl, payer);
    kith = stack.kithAs(payer);
    await stack.startIndexer();
    await stack.startRelayer();
    safeInfra = {
      singleton: await deploy(safeSingletonArtifact),
      factory: await deploy(safeProxyFactoryArtifact),
      fallbackHandler: await deploy(fallbackHandlerArtifact),
    };
    const factory = await mockArtifact("E2EWalletsAccountFactory");
    accountFactory = { abi: factory.abi, address: await deploy(factory, [await deploy(entryPointArtifact)]) };
    accountAbi = (await mockArtifact("E2EWalletsAccount")).abi;
    switchableWallet = await mockArtifact("E2EWalletsSwitchableWallet");
  });
  after(async () => stack?.stop());

  describe("a 2-of-3 Safe 1.4.1 through ERC-1271", () => {
    it("registers and posts through the relayer; the indexer shows the post with the Safe as its app", async () => {
      const safe = await createSafe(safeOwners, 2n);
      const signer = safeSigner(safe, [safeOwners[2]!, safeOwners[0]!]);
      const { profileId, handle } = await registerThroughRelayer(signer, safe, "safe", 0n);

      const post = await sign(signer, "Post", postMessage(profileId, "signed by two of three"), { lane: 0n });
      assert.equal(post.signature.length, 2 + 2 * 130, "two owners' signatures");
      const receipt = await relayed(post);

      await stack.indexer!.waitForBlock(receipt.blockNumber);
      const id = computePostId(profileId, PostKind.Post, 0n, contentHash("signed by two of three"));
      const data = await query(`query($id: BigInt!) { post(id: $id) { id kind contentHash app author { id handle custody } } }`, { id: id.toString() });
      assert.deepEqual(data.post, {
        id: id.toString(),
        kind: "POST",
        contentHash: contentHash("signed by two of three"),
        app: safe.toLowerCase(),
        author: { id: profileId.toString(), handle, custody: safe.toLowerCase() },
      });
    });

    it("refuses one owner of two, and an owner with a non-owner: 401 from the relayer, InvalidSignature on chain", async () => {
      const safe = await createSafe(safeOwners, 2n);
      const { profileId } = await registerThroughRelayer(safeSigner(safe, safeOwners.slice(0, 2)), safe, "safe", 0n);
      const nonce = await kith.read.nonces([safe, 0n]);
      const message = postMessage(profileId, "needs two owners");

      for (const signingOwners of [[safeOwners[1]!], [safeOwners[1]!, outsider]]) {
        const signed = await sign(safeSigner(safe, signingOwners), "Post", message, { lane: 0n });
        await assertRefused(signed, 0n, walletRefused(safe));
        await viem.assertions.revertWithCustomErrorWithArgs(submitDirectly(signed), kith, "InvalidSignature", []);
      }
      assert.equal(await kith.read.nonces([safe, 0n]), nonce);
      assert.deepEqual(await postedEvents(profileId), []);

      // The same post with the same nonce, signed by two owners, goes through.
      await relayed(await sign(safeSigner(safe, safeOwners.slice(1)), "Post", message, { lane: 0n }));
      assert.equal((await postedEvents(profileId)).length, 1);
    });
    it("imports an exported profile with the Safe as its owner: two owners sign AcceptTransfer once, the Safe is the custody", async () => {
      const safe = await createSafe(safeOwners, 2n);
      // Exported from a profile of an EOA with a post and a reply, imported under another handle.
      const author = devAccount(12);
      const handle = freshHandle("moving");
      await stack.send(author, (k) => k.write.register([handle, zeroAddress, zeroHash]));
      const authorId = await kith.read.profileIdOf([handle]);
      await stack.send(author, (k) => k.write.post([authorId, contentHash("before the move"), ""]));
      const first = computePostId(authorId, PostKind.Post, 0n, contentHash("before the move"));
      await stack.send(author, (k) => k.write.reply([authorId, first, contentHash("a reply to it"), ""]));
      const file = await exportProfile({ client: clients.publicClient, kith: kith.address, fromBlock: 0n, profile: authorId });
      const moved = freshHandle("moved");
      const report = await importProfile({
        file,
        client: clients.publicClient,
        payer: clients.walletClient,
        owner: safeSigner(safe, [safeOwners[0]!, safeOwners[1]!]),
        kith: kith.address,
        batch: stack.deployment.contracts.KithBatch.address,
        fromBlock: 0n,
        importKey: generatePrivateKey(),
        handle: moved,
      });
      assert.equal(report.complete, true);
      assert.equal(report.posts.imported, 2);
      assert.equal(await kith.read.custodyOf([report.profileId]), safe);
      assert.equal(await kith.read.recoveryOf([report.profileId]), safe);
      const copy = computePostId(report.profileId, PostKind.Post, 0n, contentHash("before the move"));
      const events = await postedEvents(report.profileId);
      assert.deepEqual(
        events.map((e) => [e.args.kind, e.args.targetId]),
        [
          [PostKind.Post, 0n],
          [PostKind.Reply, copy],
        ],
      );
    });
  });

  describe("an ERC-4337 account not deployed yet, through ERC-6492", () => {
    it("registers with a wrapped signature (deploying the account), then signs without the wrapper", async () => {
      const salt = nextSalt++;
      const account = (await clients.publicClient.readContract({
        address: accountFactory.address,
        abi: accountFactory.abi,
        functionName: "getAddress",
        args: [accountOwner.address, salt],
      })) as Address;
      assert.equal(await clients.publicClient.getCode({ address: account }), undefined);
      const createAccount = encodeFunctionData({ abi: accountFactory.abi, functionName: "createAccount", args: [accountOwner.address, salt] });
      const wrapped = <A extends KithActionName>(signed: SignedAction<A>): SignedAction<A> => ({
        ...signed,
        signature: serializeErc6492Signature({ address: accountFactory.address, data: createAccount, signature: signed.signature }),
      });
      const handle = freshHandle("account");
      const register = { custody: account, handle, recovery: accountOwner.address, metadataHash: zeroHash };

      // Signed by someone else: refused, and the deployment the check made is undone with it.
      const forged = wrapped(await sign(viemSigner(outsider), "Register", register, { lane: 0n, as: account }));
      await assertRefused(forged, 0n, { status: 401, code: "invalid_signature", message: "the ERC-6492 signature does not verify for the signer" });
      assert.equal(await clients.publicClient.getCode({ address: account }), undefined);

      await relayed(wrapped(await sign(viemSigner(accountOwner), "Register", register, { lane: 0n, as: account })));
      assert.notEqual(await clients.publicClient.getCode({ address: account }), undefined);
      const owner = await clients.publicClient.readContract({ address: account, abi: accountAbi, functionName: "owner" });
      assert.equal(owner, accountOwner.address);
      const profileId = await kith.read.profileIdOf([handle]);
      assert.equal(await kith.read.custodyOf([profileId]), account);

      // Deployed now: the owner's plain signature verifies through the account's ERC-1271.
      const post = await sign(viemSigner(accountOwner), "Post", postMessage(profileId, "from a smart account"), { lane: 0n, as: account });
      assert.equal(post.signature.length, 2 + 2 * 65, "no ERC-6492 wrapper");
      await relayed(post);
      const [posted] = await postedEvents(profileId);
      assert.equal(posted?.args.actor, account);
    });
  });

  describe("refusals: HTTP answer of the relayer, and nothing changes on chain", () => {
    it("a replayed signature: 409 nonce_used, whoever submitted it first", async () => {
      const profileId = await eoaProfile(alice, "replay");
      const lane = freshLane();
      const first = await sign(viemSigner(alice), "Post", postMessage(profileId, "once"), { lane });
      await relayed(first);
      await assertRefused(first, lane, contractRefusal(409, "nonce_used", "InvalidAccountNonce", [alice.address, (first.nonce + 1n).toString()]));

      // Used on chain by someone else first: the relayer has not seen it, the contract refuses.
      const second = await sign(viemSigner(alice), "Post", postMessage(profileId, "twice"), { lane });
      await mined(await submitDirectly(second));
      await assertRefused(second, lane, contractRefusal(409, "nonce_used", "InvalidAccountNonce", [alice.address, (second.nonce + 1n).toString()]));
      assert.equal((await postedEvents(profileId)).length, 2);
    });

    it("a signature for another chain id: 401 invalid_signature", async () => {
      const profileId = await eoaProfile(alice, "chain");
      const lane = freshLane();
      const message = postMessage(profileId, "which chain?");
      await assertRefused(await sign(viemSigner(alice), "Post", message, { lane, chainId: stack.chain.chainId + 1 }), lane, notRecovered(alice.address));
      await relayed(await sign(viemSigner(alice), "Post", message, { lane }));
    });

    it("a signature for another Kith deployment on the same chain: 401 invalid_signature", async () => {
      const otherKith = await deploy({ abi: kithAbi, bytecode: readArtifact("Kith").bytecode });
      const profileId = await eoaProfile(alice, "deployment");
      const lane = freshLane();
      const message = postMessage(profileId, "which contract?");
      await assertRefused(await sign(viemSigner(alice), "Post", message, { lane, kith: otherKith }), lane, notRecovered(alice.address));
      await relayed(await sign(viemSigner(alice), "Post", message, { lane }));
    });

    it("a signature past its deadline: 401 signature_expired, by the relayer's clock or the chain's", async () => {
      const profileId = await eoaProfile(alice, "deadline");
      const lane = freshLane();
      const wallClock = BigInt(Math.floor(Date.now() / 1000));
      const stale = await sign(viemSigner(alice), "Post", postMessage(profileId, "too late"), { lane, deadline: wallClock - 1n });
      await assertRefused(stale, lane, { status: 401, code: "signature_expired", message: `the deadline ${wallClock - 1n} has passed` });

      // Still ahead of the wall clock, but the chain is past it: the simulation says so.
      const deadline = (await chainNow()) + 60n;
      const early = await sign(viemSigner(alice), "Post", postMessage(profileId, "too late"), { lane, deadline });
      await advanceChainTime(120);
      await assertRefused(early, lane, contractRefusal(401, "signature_expired", "SignatureExpired", [deadline.toString()]));
      assert.deepEqual(await postedEvents(profileId), []);
    });

    it("a signature over a cancelled nonce or signed ahead of it, or from before cancelAllSignatures or for the epoch after: 409 nonce_used", async () => {
      const profileId = await eoaProfile(canceller, "cancel");
      const lane = freshLane();
      const signed = await sign(viemSigner(canceller), "Post", postMessage(profileId, "cancelled"), { lane });
      const ahead = await sign(viemSigner(canceller), "Post", postMessage(profileId, "ahead"), { lane, nonce: signed.nonce + 1n });
      await stack.send(canceller, (k) => k.write.cancelNonce([lane]));
      const afterCancel = await kith.read.nonces([canceller.address, lane]);
      assert.equal(afterCancel >> 64n, signed.nonce >> 64n, "same epoch and lane");
      assert.ok(afterCancel > ahead.nonce, "the cancel jumps past the nonce signed ahead");
      for (const refused of [signed, ahead]) {
        await assertRefused(refused, lane, contractRefusal(409, "nonce_used", "InvalidAccountNonce", [canceller.address, afterCancel.toString()]));
      }

      const beforeEpoch = await sign(viemSigner(canceller), "Post", postMessage(profileId, "cancelled"), { lane });
      // What a phisher would have asked for: the lane's first nonce in the epoch after the current one.
      const nextEpoch = (((beforeEpoch.nonce >> 192n) + 1n) << 192n) | (lane << 64n);
      const forNextEpoch = await sign(viemSigner(canceller), "Post", postMessage(profileId, "phished"), { lane, nonce: nextEpoch });
      const block = await stack.send(canceller, (k) => k.write.cancelAllSignatures());
      const [cancelled] = await kith.getEvents.SignaturesCancelled({ signer: canceller.address }, { fromBlock: block, toBlock: block });
      const current = await kith.read.nonces([canceller.address, lane]);
      assert.equal(current, (cancelled!.args.epoch! << 192n) | (lane << 64n), "the lane starts the event's epoch");
      for (const refused of [beforeEpoch, forNextEpoch]) {
        await assertRefused(refused, lane, contractRefusal(409, "nonce_used", "InvalidAccountNonce", [canceller.address, current.toString()]));
      }
      assert.deepEqual(await postedEvents(profileId), []);
    });

    it("a signer acting for a profile it does not own: 403 not_authorized", async () => {
      const profileId = await eoaProfile(alice, "victim");
      const lane = freshLane();
      const signed = await sign(viemSigner(mallory), "Post", postMessage(profileId, "not mine"), { lane });
      await assertRefused(signed, lane, contractRefusal(403, "not_authorized", "NotAuthorized", [profileId.toString(), mallory.address]));
      assert.deepEqual(await postedEvents(profileId), []);
    });

    it("a signature that is not the stated signer's: 401 invalid_signature", async () => {
      const profileId = await eoaProfile(alice, "impostor");
      const lane = freshLane();
      const message = postMessage(profileId, "pretending");
      await assertRefused(await sign(viemSigner(mallory), "Post", message, { lane, as: alice.address }), lane, notRecovered(alice.address));
      await relayed(await sign(viemSigner(alice), "Post", message, { lane }));
    });

    it("a high-s (malleated) signature: 401 invalid_signature, though it recovers the signer", async () => {
      const profileId = await eoaProfile(alice, "malleable");
      const lane = freshLane();
      const signed = await sign(viemSigner(alice), "Post", postMessage(profileId, "low s only"), { lane });
      const { r, s, v } = parseSignature(signed.signature);
      const highS = concat([r, toHex(SECP256K1_N - BigInt(s), { size: 32 }), toHex(v === 27n ? 28 : 27, { size: 1 })]);
      const typedData = actionTypedData({ ...signed, chainId: stack.chain.chainId, kith: kith.address });
      assert.equal(await recoverTypedDataAddress({ ...typedData, signature: highS }), alice.address);

      await assertRefused({ ...signed, signature: highS }, lane, notRecovered(alice.address));
      await relayed(signed);
    });

    it("a revoked app key: 403 not_authorized", async () => {
      const profileId = await eoaProfile(alice, "revoked");
      const lane = freshLane();
      const expiry = (await chainNow()) + 86_400n;
      await stack.send(alice, (k) => k.write.addAppKey([profileId, appKey.address, SCOPE_POST, expiry]));
      await relayed(await sign(viemSigner(appKey), "Post", postMessage(profileId, "while allowed"), { lane }));
      await stack.send(alice, (k) => k.write.revokeAppKey([profileId, appKey.address]));

      const signed = await sign(viemSigner(appKey), "Post", postMessage(profileId, "after revocation"), { lane });
      await assertRefused(signed, lane, contractRefusal(403, "not_authorized", "NotAuthorized", [profileId.toString(), appKey.address]));
      assert.equal((await postedEvents(profileId)).length, 1);
    });

    it("an expired app key: 403 app_key_expired", async () => {
      const profileId = await eoaProfile(alice, "expired");
      const lane = freshLane();
      const expiry = (await chainNow()) + 60n;
      await stack.send(alice, (k) => k.write.addAppKey([profileId, appKey.address, SCOPE_POST, expiry]));
      await relayed(await sign(viemSigner(appKey), "Post", postMessage(profileId, "before expiry"), { lane }));
      const signed = await sign(viemSigner(appKey), "Post", postMessage(profileId, "after expiry"), { lane });
      await advanceChainTime(120);

      await assertRefused(signed, lane, contractRefusal(403, "app_key_expired", "AppKeyExpired", [profileId.toString(), appKey.address, expiry.toString()]));
      assert.equal((await postedEvents(profileId)).length, 1);
    });

    it("an app key acting outside its scopes: 403 out_of_scope", async () => {
      const profileId = await eoaProfile(alice, "scoped");
      const followee = await eoaProfile(mallory, "followee");
      const lane = freshLane();
      const expiry = (await chainNow()) + 86_400n;
      await stack.send(alice, (k) => k.write.addAppKey([profileId, appKey.address, SCOPE_FOLLOW, expiry]));

      const signed = await sign(viemSigner(appKey), "Post", postMessage(profileId, "follow only"), { lane });
      await assertRefused(signed, lane, contractRefusal(403, "out_of_scope", "AppKeyOutOfScope", [profileId.toString(), appKey.address, SCOPE_POST.toString()]));
      await relayed(await sign(viemSigner(appKey), "Follow", { followerId: profileId, followeeId: followee }, { lane }));
      assert.equal(await kith.read.isFollowing([profileId, followee]), true);
      assert.deepEqual(await postedEvents(profileId), []);
    });

    // The wallet checks its owner's signature, then reverts or burns its gas, then checks again.
    const refusals = {
      reverts: walletRefused,
      "burns all its gas": (wallet: Address) => ({
        status: 422,
        code: "gas_budget_exceeded",
        message: `the wallet ${wallet} needs more than the relayer's 100000 gas to check the signature (ERC-1271)`,
        details: { signatureKind: "erc1271" },
      }),
    };
    for (const [behavior, name] of [[1, "reverts"], [2, "burns all its gas"]] as const) {
      it(`an ERC-1271 wallet that ${name}: ${refusals[name](zeroAddress).status} ${refusals[name](zeroAddress).code}, nothing sent`, async () => {
        const wallet = await deploy(switchableWallet, [walletOwner.address]);
        const owner = viemSigner(walletOwner);
        const { profileId } = await registerThroughRelayer(owner, wallet, "wallet", 0n, wallet);
        const signed = await sign(owner, "Post", postMessage(profileId, "if the wallet agrees"), { lane: 0n, as: wallet });
        const { walletClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, walletOwner);
        const setBehavior = async (value: number) =>
          mined(await walletClient.writeContract({ address: wallet, abi: switchableWallet.abi, functionName: "setBehavior", args: [value] }));

        await setBehavior(behavior);
        await assertRefused(signed, 0n, refusals[name](wallet));
        await setBehavior(0);
        await relayed(signed);
        assert.equal((await postedEvents(profileId)).length, 1);
      });
    }

    it("malformed bodies: 400 invalid_request with the reason", async () => {
      const profileId = await eoaProfile(alice, "malformed");
      const valid = JSON.parse(serializeSignedAction(await sign(viemSigner(alice), "Post", postMessage(profileId, "valid"), { lane: freshLane() })));
      const cases: [body: string, message: string][] = [
        ["{not json", "the body is not valid JSON"],
        ["[]", "the body must be a JSON object"],
        ["null", "the body must be a JSON object"],
        [JSON.stringify({ ...valid, action: "Teleport" }), `action must be one of ${KITH_ACTION_NAMES.join(", ")}`],
        [JSON.stringify({ ...valid, message: "post" }), "message must be an object"],
        [JSON.stringify({ ...valid, message: { ...valid.message, body: "hi" } }), "message.body is not a field of Post"],
        [JSON.stringify({ ...valid, message: { ...valid.message, profileId: "-1" } }), "message.profileId must be an unsigned 256-bit integer as a decimal string"],
        [JSON.stringify({ ...valid, message: { ...valid.message, profileId: (1n << 256n).toString() } }), "message.profileId must be an unsigned 256-bit integer as a decimal string"],
        [JSON.stringify({ ...valid, message: { ...valid.message, contentHash: "0x1234" } }), "message.contentHash must be 32 bytes"],
        [JSON.stringify({ ...valid, signer: "0x1234" }), "signer must be an address"],
        [JSON.stringify({ ...valid, nonce: 1.5 }), "nonce must be an unsigned 256-bit integer as a decimal string"],
        [JSON.stringify({ ...valid, signature: "0xabc" }), "signature must be 0x-prefixed hex"],
        [JSON.stringify({ ...valid, signature: `0x${"ab".repeat(8_193)}` }), "signature must be at most 8192 bytes"],
      ];
      const postToRelayer = async (body: string) => {
        const response = await fetch(new URL("/relay", stack.relayer!.url), { method: "POST", headers: { "content-type": "application/json" }, body });
        return { status: response.status, body: (await response.json()) as { transactionHash?: Hex; error?: unknown } };
      };
      for (const [body, message] of cases) {
        await assertUnchangedBy(undefined, async () => {
          assert.deepEqual(await postToRelayer(body), { status: 400, body: { error: { code: "invalid_request", message } } }, body);
        });
      }
      // The unmodified body is accepted.
      const accepted = await postToRelayer(JSON.stringify(valid));
      assert.equal(accepted.status, 200);
      await mined(accepted.body.transactionHash!);
      assert.equal((await postedEvents(profileId)).length, 1);
    });
  });
});
