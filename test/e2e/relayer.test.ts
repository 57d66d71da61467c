// The relayer as an attacker and a browser meet it on the open internet, and as an operator runs it:
// CORS and the shape of every refusal; gas-burning wallets, garbage signatures naming real
// profiles, spoofed x-forwarded-for and bogus claims on a victim's nonce, each refused with its
// exact answer, nothing sent and nobody else's request blocked; sponsorship budgets and an
// underfunded relayer; stuck transactions replaced; a relayer killed with transactions in flight
// (and between recording one and broadcasting it) that loses nothing and sends nothing twice; and a
// mixed load of 500 requests, 80% of them hostile.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { artifacts } from "hardhat";
import {
  type Abi,
  type Address,
  createTestClient,
  getAddress,
  type Hex,
  http,
  keccak256,
  type LocalAccount,
  parseEther,
  parseGwei,
  serializeErc6492Signature,
  zeroHash,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import {
  batchStatus,
  computePostId,
  contentHash,
  decodeKithRevert,
  type KithSigner,
  kithAbi,
  kithBatchAbi,
  PostKind,
  relay,
  RelayerError,
  relayStatus,
  type SignedAction,
  serializeSignedAction,
  signAction,
  toContractCall,
  viemSigner,
} from "@kith/sdk";
import { gasBudget } from "../../relayer/budgets.ts";
import type { RelayerOptions } from "../../relayer/server.ts";
import { type Clients, clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { exitedReason, startService, waitFor } from "../../scripts/lib/processes.ts";
import { type Stack, startStack } from "./stack.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
const funder = devAccount(18); // funds every relayer and profile of this file

async function mockArtifact(name: string): Promise<{ abi: Abi; bytecode: Hex }> {
  const { abi, bytecode } = await artifacts.readArtifact(name);
  return { abi: abi as Abi, bytecode: bytecode as Hex };
}

describe("the relayer against hostile clients, browsers and crashes (anvil, relayer, indexer)", () => {
  let stack: Stack;
  let clients: Clients;
  let kith: ReturnType<Stack["kithAs"]>;
  let testClient: ReturnType<typeof createTestClient>;
  let storeDir: string;
  let nextHandle = 1;
  let nextLane = 1n;

  before(async () => {
    stack = await startStack();
    clients = clientsFor(stack.chain.chain, stack.chain.rpcUrl, funder);
    kith = stack.kithAs(funder);
    testClient = createTestClient({ mode: "anvil", chain: stack.chain.chain, transport: http(stack.chain.rpcUrl) });
    storeDir = mkdtempSync(path.join(tmpdir(), "kith-relayer-"));
    await stack.startIndexer();
  });
  after(async () => {
    await stack?.stop();
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
  });

  // ---------------------------------------------------------------- helpers

  const freshLane = () => nextLane++;

  async function mined(hash: Hex) {
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    assert.equal(receipt.status, "success", `transaction ${hash} reverted`);
    return receipt;
  }

  /** A new account holding `ether` ETH. */
  async function fundedAccount(ether = "10"): Promise<LocalAccount> {
    const account = privateKeyToAccount(generatePrivateKey());
    await mined(await clients.walletClient.sendTransaction({ to: account.address, value: parseEther(ether) }));
    return account;
  }

  /** `count` funded accounts (one after the other: the funder's nonces are handed out in order). */
  async function fundedAccounts(count: number, ether = "1"): Promise<LocalAccount[]> {
    const accounts = [];
    for (let i = 0; i < count; i++) accounts.push(await fundedAccount(ether));
    return accounts;
  }

  /** A relayer paying from an account of its own (relayers sharing an account would race for its nonces). */
  async function startRelayer(options: Partial<RelayerOptions> = {}) {
    return stack.startRelayer({ account: await fundedAccount(), ...options });
  }

  async function deploy(name: string, args: readonly unknown[] = []): Promise<Address> {
    const artifact = await mockArtifact(name);
    const hash = await clients.walletClient.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args });
    return getAddress((await mined(hash)).contractAddress!);
  }

  /** A profile registered directly by `custody`, which pays. */
  async function profileOf(custody: LocalAccount): Promise<bigint> {
    const handle = `hostile_${nextHandle++}`;
    await stack.send(custody, (k) => k.write.register([handle, custody.address, zeroHash]));
    return kith.read.profileIdOf([handle]);
  }

  async function sign(signer: KithSigner, message: { profileId: bigint; text: string }, options: { lane?: bigint; as?: Address } = {}) {
    const lane = options.lane ?? freshLane();
    const nonce = await kith.read.nonces([options.as ?? signer.address, lane]);
    return signAction({
      signer,
      action: "Post",
      message: { profileId: message.profileId, contentHash: contentHash(message.text), uri: "" },
      nonce,
      chainId: stack.chain.chainId,
      kith: kith.address,
      as: options.as,
    });
  }

  async function postTo(url: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) {
    const response = await fetch(new URL("/relay", url), { method: "POST", headers, body });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  /** What a refused request must leave as it was: the chain's head, the relayer's balance and nonce. */
  async function chainState(relayer: Address) {
    return {
      block: await clients.publicClient.getBlockNumber({ cacheTime: 0 }),
      balance: await clients.publicClient.getBalance({ address: relayer }),
      relayerTransactions: await clients.publicClient.getTransactionCount({ address: relayer }),
    };
  }

  async function assertRefused(url: string, relayer: Address, signed: SignedAction, expected: { status: number; code: string; message?: string; details?: unknown }) {
    const before = await chainState(relayer);
    await assert.rejects(relay(url, signed), (error) => {
      assert.ok(error instanceof RelayerError, String(error));
      const got: Record<string, unknown> = { status: error.status, code: error.code };
      if (expected.message !== undefined) got.message = error.message;
      if (expected.details !== undefined) got.details = error.details;
      assert.deepEqual(got, expected);
      return true;
    });
    assert.deepEqual(await chainState(relayer), before);
  }

  async function postedCount(profileId: bigint) {
    const events = await clients.publicClient.getContractEvents({ address: kith.address, abi: kithAbi, eventName: "Posted", args: { profileId }, fromBlock: 0n });
    return events.length;
  }

  /**
   * A profile whose custody is the contract wallet `wallet`, registered by signature of its `owner`:
   * relayed by `url`, or (without one) sent by the funder, who pays whatever the wallet burns.
   */
  async function walletProfile(url: string | undefined, wallet: Address, owner: LocalAccount): Promise<bigint> {
    const handle = `wallet_${nextHandle++}`;
    const signed = await signAction({
      signer: viemSigner(owner),
      action: "Register",
      message: { custody: wallet, handle, recovery: owner.address, metadataHash: zeroHash },
      nonce: await kith.read.nonces([wallet, 0n]),
      chainId: stack.chain.chainId,
      kith: kith.address,
      as: wallet,
    });
    if (url) await mined((await relay(url, signed)).transactionHash);
    else {
      const { functionName, args } = toContractCall(signed);
      await mined(await kith.write[functionName as "registerFor"](args as never, { gas: 20_000_000n }));
    }
    return kith.read.profileIdOf([handle]);
  }

  // ---------------------------------------------------------------- HTTP surface

  describe("the HTTP surface: browsers and malformed requests", () => {
    it("answers a browser's preflight and requests with CORS headers (any origin by default, a list when configured)", async () => {
      const open = await startRelayer();
      const preflight = await fetch(new URL("/relay", open.url), {
        method: "OPTIONS",
        headers: { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
      assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
      assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /content-type/i);
      const refused = await postTo(open.url, "{}", { "content-type": "application/json", origin: "https://app.example" });
      assert.equal(refused.status, 400);
      assert.equal(refused.headers.get("access-control-allow-origin"), "*");
      assert.match(refused.headers.get("access-control-expose-headers") ?? "", /retry-after/i);

      const listed = await startRelayer({ allowedOrigins: ["https://kith.example"] });
      const allowed = await fetch(new URL("/info", listed.url), { headers: { origin: "https://kith.example" } });
      assert.equal(allowed.headers.get("access-control-allow-origin"), "https://kith.example");
      const other = await fetch(new URL("/info", listed.url), { headers: { origin: "https://evil.example" } });
      assert.equal(other.headers.get("access-control-allow-origin"), null);
    });

    it("refuses unknown routes (404), other methods (405), other content types (415) and large bodies (413) as JSON, before any work", async () => {
      const relayer = await startRelayer();
      const before = await chainState(relayer.address);
      const unknown = await fetch(new URL("/relay/extra/path", relayer.url));
      assert.deepEqual([unknown.status, await unknown.json()], [
        404,
        { error: { code: "not_found", message: "no route GET /relay/extra/path; see POST /relay, GET /relay/:id, GET /info" } },
      ]);
      for (const method of ["GET", "PUT", "DELETE"]) {
        const response = await fetch(new URL("/relay", relayer.url), { method });
        assert.equal(response.status, 405, method);
        assert.equal(response.headers.get("allow"), "POST");
        assert.deepEqual(await response.json(), { error: { code: "method_not_allowed", message: `${method} is not allowed here; use POST` } });
      }
      assert.deepEqual((await postTo(relayer.url, "{}", { "content-type": "text/plain" })).body, {
        error: { code: "unsupported_media_type", message: "send the signed action as application/json" },
      });
      const large = await postTo(relayer.url, JSON.stringify({ padding: "x".repeat(40_000) }));
      assert.deepEqual([large.status, large.headers.get("connection"), large.body], [413, "close", { error: { code: "body_too_large", message: "the body must be at most 32768 bytes" } }]);
      // Without Content-Length (chunked), the limit holds while reading.
      const chunked = await fetch(new URL("/relay", relayer.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(8_000)));
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
      assert.equal(chunked.status, 413);
      assert.deepEqual(await chainState(relayer.address), before);
    });
  });

  // ---------------------------------------------------------------- gas caps

  describe("gas: no signer makes the relayer pay more than the action's budget", () => {
    it("refuses a custody wallet that burns 10M gas before approving, and one answering with 1 MB: 422 gas_budget_exceeded, nothing sent", async () => {
      const relayer = await startRelayer();
      const owner = await fundedAccount("1");
      for (const [name, args] of [
        ["E2EHostileGasBurningWallet", [owner.address, 10_000_000n]],
        ["E2EHostileReturnBombWallet", [1_048_576n]],
      ] as const) {
        const wallet = await deploy(name, args);
        // The wallet is a profile's custody (registered by the funder, who paid its 10M gas).
        const profileId = await walletProfile(undefined, wallet, owner);
        const signed = await sign(viemSigner(owner), { profileId, text: `${name} pays` }, { as: wallet, lane: 0n });
        await assertRefused(relayer.url, relayer.address, signed, {
          status: 422,
          code: "gas_budget_exceeded",
          message: `the wallet ${wallet} needs more than the relayer's 100000 gas to check the signature (ERC-1271)`,
          details: { signatureKind: "erc1271" },
        });
      }
    });

    it("relays a wallet whose check fits its allowance, and pays at most the action's budget", async () => {
      const relayer = await startRelayer();
      const owner = await fundedAccount("1");
      const wallet = await deploy("E2EHostileGasBurningWallet", [owner.address, 60_000n]);
      const profileId = await walletProfile(relayer.url, wallet, owner);
      const signed = await sign(viemSigner(owner), { profileId, text: "expensive but allowed" }, { as: wallet, lane: 0n });
      const budget = gasBudget(signed, "erc1271");
      const before = await clients.publicClient.getBalance({ address: relayer.address });
      const receipt = await mined((await relay(relayer.url, signed)).transactionHash);
      const transaction = await clients.publicClient.getTransaction({ hash: receipt.transactionHash });
      assert.equal(transaction.gas, budget, "sent with the budget as its gas limit");
      assert.ok(receipt.gasUsed <= budget);
      assert.equal(before - (await clients.publicClient.getBalance({ address: relayer.address })), receipt.gasUsed * receipt.effectiveGasPrice);
      assert.equal(await postedCount(profileId), 1);
    });
  });

  // ---------------------------------------------------------------- limits that cannot be turned against others

  describe("rate limits and claims that an attacker cannot spend for someone else", () => {
    it("70 garbage signatures and 70 unauthorized signers naming carol's profile leave her own request through", async () => {
      const relayer = await startRelayer({ perProfilePerMinute: 60 });
      const carol = await fundedAccount("1");
      const mallory = await fundedAccount("1");
      const carolId = await profileOf(carol);
      const valid = await sign(viemSigner(carol), { profileId: carolId, text: "carol's own" });
      const garbage = { ...valid, signature: `0x${"11".repeat(65)}` as Hex };
      const impostors = await Promise.all(Array.from({ length: 70 }, (_, i) => sign(viemSigner(mallory), { profileId: carolId, text: `mallory ${i}` })));
      const codes = await Promise.all([
        ...Array.from({ length: 70 }, (_, i) => relay(relayer.url, { ...garbage, nonce: garbage.nonce + BigInt(i) }).then(() => "accepted", (e: RelayerError) => e.code)),
        ...impostors.map((signed) => relay(relayer.url, signed).then(() => "accepted", (e: RelayerError) => e.code)),
      ]);
      assert.deepEqual(new Set(codes), new Set(["invalid_signature", "not_authorized"]));
      assert.equal(codes.length, 140);
      await mined((await relay(relayer.url, valid)).transactionHash);
      assert.equal(await postedCount(carolId), 1);
    });

    it("limits by the socket's address, whatever x-forwarded-for says, unless the peer is a trusted proxy", async () => {
      const direct = await startRelayer({ perIpPerMinute: 10 });
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await postTo(direct.url, "{}", { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i}` })).status);
      assert.deepEqual(statuses, [...Array(10).fill(400), 429, 429]);
      const limited = await postTo(direct.url, "{}", { "content-type": "application/json", "x-forwarded-for": "198.51.100.7" });
      assert.equal(limited.body.error.code, "rate_limited");
      assert.ok(Number(limited.headers.get("retry-after")) >= 1);

      // Behind a proxy on the loopback (trusted by configuration): each forwarded client has its own limit.
      const proxied = await startRelayer({ perIpPerMinute: 10, trustedProxies: ["loopback"] });
      const forwarded = [];
      for (let i = 0; i < 12; i++) forwarded.push((await postTo(proxied.url, "{}", { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i}` })).status);
      assert.deepEqual(forwarded, Array(12).fill(400));
      const sameClient = [];
      for (let i = 0; i < 11; i++) sameClient.push((await postTo(proxied.url, "{}", { "content-type": "application/json", "x-forwarded-for": "198.51.100.9" })).status);
      assert.deepEqual(sameClient, [...Array(10).fill(400), 429]);
    });

    it("bogus requests naming a victim's signer and next nonce (garbage, or ERC-6492 with a gas-burning factory) never block the victim's request", async () => {
      const relayer = await startRelayer();
      const victim = await fundedAccount("1");
      const victimId = await profileOf(victim);
      const lane = freshLane();
      const valid = await sign(viemSigner(victim), { profileId: victimId, text: "the victim's post" }, { lane });
      const factory = await deploy("E2EHostileBurningFactory");
      const stretched = serializeErc6492Signature({ address: factory, data: "0xdeadbeef", signature: `0x${"22".repeat(65)}` });
      const bogus = Array.from({ length: 30 }, (_, i) => ({
        ...valid,
        message: { ...valid.message, contentHash: contentHash(`bogus ${i}`) },
        signature: i % 2 === 0 ? stretched : (`0x${"33".repeat(65)}` as Hex),
      }));
      const outcomes = await Promise.allSettled([...bogus.map((b) => relay(relayer.url, b)), relay(relayer.url, valid)]);
      const last = outcomes.pop()!;
      assert.equal(last.status, "fulfilled", last.status === "rejected" ? String(last.reason) : "");
      await mined((last as PromiseFulfilledResult<{ transactionHash: Hex }>).value.transactionHash);
      const codes = outcomes.map((o) => (o.status === "rejected" ? (o.reason as RelayerError).code : "accepted"));
      assert.deepEqual(new Set(codes), new Set(["invalid_signature"]));
      assert.equal(await postedCount(victimId), 1);
    });

    it("the same signed action sent twice at once: one is sent, the other 409 nonce_used", async () => {
      const relayer = await startRelayer();
      const author = await fundedAccount("1");
      const authorId = await profileOf(author);
      const signed = await sign(viemSigner(author), { profileId: authorId, text: "only once" });
      const outcomes = await Promise.allSettled([relay(relayer.url, signed), relay(relayer.url, signed)]);
      const accepted = outcomes.filter((o) => o.status === "fulfilled");
      const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as RelayerError] : []));
      assert.equal(accepted.length, 1);
      assert.deepEqual(refused.map((e) => [e.status, e.code]), [[409, "nonce_used"]]);
      await mined((accepted[0] as PromiseFulfilledResult<{ transactionHash: Hex }>).value.transactionHash);
      assert.equal(await postedCount(authorId), 1);
    });
  });

  // ---------------------------------------------------------------- sponsorship

  describe("sponsorship: budgets per profile and in total, and an underfunded relayer", () => {
    it("refuses past a profile's daily gas budget with 429 and when to retry, other profiles unaffected; /info shows what remains", async () => {
      const author = await fundedAccount("1");
      const other = await fundedAccount("1");
      const [authorId, otherId] = [await profileOf(author), await profileOf(other)];
      const first = await sign(viemSigner(author), { profileId: authorId, text: "budget 1" });
      const perPost = Number(gasBudget(first, "ecdsa"));
      const relayer = await startRelayer({ profileGasPerDay: 2 * perPost });
      await mined((await relay(relayer.url, first)).transactionHash);
      await mined((await relay(relayer.url, await sign(viemSigner(author), { profileId: authorId, text: "budget 2" }))).transactionHash);
      const info = (await (await fetch(new URL(`/info?profileId=${authorId}`, relayer.url))).json()) as any;
      assert.equal(info.budgets.profileGasPerDay, 2 * perPost);
      assert.ok(info.budgets.profileGasRemaining < perPost, "two posts' gas was charged");

      const third = await sign(viemSigner(author), { profileId: authorId, text: "budget 3" });
      const before = await chainState(relayer.address);
      await assert.rejects(relay(relayer.url, third), (error: RelayerError) => {
        assert.deepEqual([error.status, error.code, error.message], [429, "profile_budget_exhausted", `this relayer sponsors ${2 * perPost} gas per profile per day; this action needs ${perPost}`]);
        assert.ok(error.retryAfter! > 86_000 && error.retryAfter! <= 86_400, `retry after ${error.retryAfter} s: when the first post leaves the 24 h window`);
        return true;
      });
      assert.deepEqual(await chainState(relayer.address), before);
      await mined((await relay(relayer.url, await sign(viemSigner(other), { profileId: otherId, text: "another profile" }))).transactionHash);
    });

    it("refuses past the relayer's hourly total with 429 relayer_budget_exhausted", async () => {
      const author = await fundedAccount("1");
      const authorId = await profileOf(author);
      const first = await sign(viemSigner(author), { profileId: authorId, text: "global 1" });
      const relayer = await startRelayer({ globalGasPerHour: Number(gasBudget(first, "ecdsa")) + 1_000 });
      await mined((await relay(relayer.url, first)).transactionHash);
      const second = await sign(viemSigner(author), { profileId: authorId, text: "global 2" });
      await assertRefused(relayer.url, relayer.address, second, { status: 429, code: "relayer_budget_exhausted" });
    });

    it("an underfunded relayer refuses with 503 instead of sending what cannot be mined", async () => {
      const poor = await fundedAccount("0.000000001");
      const relayer = await stack.startRelayer({ account: poor });
      const author = await fundedAccount("1");
      const signed = await sign(viemSigner(author), { profileId: await profileOf(author), text: "no money" });
      await assertRefused(relayer.url, relayer.address, signed, {
        status: 503,
        code: "relayer_underfunded",
        message: "the relayer's balance is too low to pay for this action; try again later",
      });
    });
  });

  // ---------------------------------------------------------------- SDK

  describe("the SDK", () => {
    it("normalises v = 0/1 ECDSA signatures (hardware wallets) to 27/28, and relay() reports refusals typed", async () => {
      const relayer = await startRelayer();
      const author = await fundedAccount("1");
      const authorId = await profileOf(author);
      const plain = viemSigner(author);
      const hardware: KithSigner = {
        address: author.address,
        async signTypedData(typedData) {
          const signature = await plain.signTypedData(typedData);
          return `${signature.slice(0, 130)}${(Number.parseInt(signature.slice(130), 16) - 27).toString(16).padStart(2, "0")}` as Hex;
        },
      };
      const signed = await sign(hardware, { profileId: authorId, text: "from a Ledger" });
      assert.match(signed.signature.slice(130), /^1[bc]$/, "v is 27 or 28");
      await mined((await relay(relayer.url, signed)).transactionHash);
      assert.equal(await postedCount(authorId), 1);

      await assert.rejects(relay("http://127.0.0.1:1", signed), (error: RelayerError) => {
        assert.deepEqual([error.status, error.code], [0, "network_error"]);
        return true;
      });
    });
  });

  // ---------------------------------------------------------------- durability

  describe("durability: stuck transactions, restarts and kill -9", () => {
    it("replaces a transaction stuck below the base fee (same nonce, higher fee) and reports both by GET /relay/:id", async () => {
      const relayer = await startRelayer({ monitorIntervalMs: 100, stuckAfterMs: 200 });
      const author = await fundedAccount("1");
      const authorId = await profileOf(author);
      await testClient.setAutomine(false);
      try {
        const signed = await sign(viemSigner(author), { profileId: authorId, text: "stuck, then replaced" });
        const { transactionHash: first, id } = await relay(relayer.url, signed);
        assert.equal(id, keccak256(signed.signature));
        assert.equal((await relayStatus(relayer.url, first)).status, "pending");
        const { nonce } = await clients.publicClient.getTransaction({ hash: first });
        // The next block's base fee jumps far above the transaction's max fee: it stays out.
        await testClient.setNextBlockBaseFeePerGas({ baseFeePerGas: parseGwei("500") });
        await testClient.mine({ blocks: 1 });
        const replaced = await waitFor(async () => {
          const status = await relayStatus(relayer.url, first);
          return status.status === "replaced" ? status : undefined;
        }, { timeoutMs: 10_000, describe: () => "the relayer never replaced the stuck transaction" });
        const second = replaced.replacedBy!;
        const sent = await clients.publicClient.getTransaction({ hash: second });
        assert.equal(sent.nonce, nonce, "same sender nonce");
        assert.ok(sent.maxFeePerGas! > parseGwei("400"));
        await testClient.mine({ blocks: 1 });
        const settled = await waitFor(async () => {
          const status = await relayStatus(relayer.url, id);
          return status.status === "mined" ? status : undefined;
        }, { timeoutMs: 10_000, describe: () => "the replacement was not reported mined" });
        assert.equal(settled.transactionHash, second);
        assert.deepEqual(settled.transactions.map((t) => t.status), ["replaced", "mined"]);
        assert.equal((await relayStatus(relayer.url, first)).status, "replaced");
        assert.equal(await postedCount(authorId), 1);
      } finally {
        await testClient.setAutomine(true);
        await testClient.setNextBlockBaseFeePerGas({ baseFeePerGas: parseGwei("1") });
        await testClient.mine({ blocks: 1 });
      }
    });

    it("GET /relay/:id: 400 for a malformed id, 404 for an unknown one", async () => {
      const relayer = await startRelayer();
      await assert.rejects(relayStatus(relayer.url, "0x1234"), (e: RelayerError) => e.status === 400 && e.code === "invalid_request");
      await assert.rejects(relayStatus(relayer.url, zeroHash), (e: RelayerError) => e.status === 404 && e.code === "not_found");
    });

    /** `npm run relayer` as its own process, on a free port, paying with `key`, with its store in `store`. */
    async function relayerProcess(store: string, key: Hex, env: Record<string, string> = {}) {
      const service = startService("relayer", path.join(root, "node_modules", ".bin", "node"), ["--disable-warning=ExperimentalWarning", path.join(root, "relayer", "main.ts")], {
        env: {
          KITH_RELAYER_RPC_URL: stack.chain.rpcUrl,
          KITH_RELAYER_PRIVATE_KEY: key,
          KITH_RELAYER_PORT: "0",
          KITH_RELAYER_STORE: store,
          KITH_RELAYER_MONITOR_INTERVAL_MS: "100",
          KITH_DEPLOYMENTS_DIR: stack.deploymentsDir,
          ...env,
        },
      });
      const url = await waitFor(async () => /listening on (http:\/\/\S+)/.exec(service.output())?.[1], {
        timeoutMs: 20_000,
        abort: exitedReason(service),
        describe: () => `the relayer did not start:\n${service.output()}`,
      });
      return { service, url };
    }

    it("killed with -9 while its transactions are in flight (and forgotten by the node), restarted: every accepted action mined once, none sent twice", async () => {
      const key = generatePrivateKey();
      const payer = privateKeyToAccount(key);
      await mined(await clients.walletClient.sendTransaction({ to: payer.address, value: parseEther("10") }));
      const store = path.join(storeDir, "kill.sqlite");
      const authors = await fundedAccounts(5);
      const ids: bigint[] = [];
      for (const author of authors) ids.push(await profileOf(author));
      const first = await relayerProcess(store, key);
      await testClient.setAutomine(false);
      let accepted: { id: Hex; transactionHash: Hex; profileId: bigint }[] = [];
      try {
        const signed = await Promise.all(authors.flatMap((author, i) => [0, 1].map((n) => sign(viemSigner(author), { profileId: ids[i]!, text: `in flight ${i} ${n}` }))));
        accepted = await Promise.all(signed.map(async (s) => ({ ...(await relay(first.url, s)), profileId: s.message.profileId as bigint })));
        first.service.process.kill("SIGKILL");
        await new Promise((resolve) => first.service.process.once("exit", resolve));
        // The node forgets them too (a node restart, a full mempool): only the relayer's record has them.
        await testClient.request({ method: "anvil_dropAllTransactions", params: [] } as never);
        const inPool = async () => (await Promise.all(accepted.map((a) => clients.publicClient.getTransaction({ hash: a.transactionHash }).then(() => 1, () => 0)))).reduce((a: number, b) => a + b, 0);
        assert.equal(await inPool(), 0, "the node dropped them");
        const second = await relayerProcess(store, key);
        await waitFor(async () => ((await inPool()) === accepted.length ? true : undefined), {
          timeoutMs: 10_000,
          describe: () => `the restarted relayer did not broadcast its 10 transactions again:\n${second.service.output()}`,
        });
        await testClient.mine({ blocks: 1 });
        for (const { id, transactionHash } of accepted) {
          const status = await waitFor(async () => {
            const s = await relayStatus(second.url, id);
            return s.status === "pending" ? undefined : s;
          }, { timeoutMs: 10_000, describe: () => `${id} stayed pending` });
          assert.deepEqual([status.status, status.transactionHash], ["mined", transactionHash]);
        }
        await second.service.stop();
      } finally {
        await testClient.setAutomine(true);
      }
      for (const id of ids) assert.equal(await postedCount(id), 2);
      assert.equal(await clients.publicClient.getTransactionCount({ address: payer.address }), 10, "ten transactions, none sent twice");
    });

    it("killed between recording a transaction and broadcasting it: the restart broadcasts it, the client finds it by its signature", async () => {
      const key = generatePrivateKey();
      const payer = privateKeyToAccount(key);
      await mined(await clients.walletClient.sendTransaction({ to: payer.address, value: parseEther("10") }));
      const store = path.join(storeDir, "crash.sqlite");
      const author = await fundedAccount("1");
      const authorId = await profileOf(author);
      const signed = await sign(viemSigner(author), { profileId: authorId, text: "recorded, not yet broadcast" });
      const doomed = await relayerProcess(store, key, { KITH_RELAYER_TEST_CRASH_AFTER_RECORD: "1" });
      await assert.rejects(relay(doomed.url, signed), (error: RelayerError) => error.code === "network_error");
      await new Promise((resolve) => (doomed.service.process.exitCode !== null || doomed.service.process.signalCode !== null ? resolve(null) : doomed.service.process.once("exit", resolve)));
      assert.equal(doomed.service.process.signalCode, "SIGKILL");
      assert.equal(await postedCount(authorId), 0);

      const restarted = await relayerProcess(store, key);
      const status = await waitFor(async () => {
        const s = await relayStatus(restarted.url, keccak256(signed.signature));
        return s.status === "mined" ? s : undefined;
      }, { timeoutMs: 10_000, describe: () => `the recorded transaction was not broadcast after the restart:\n${restarted.service.output()}` });
      assert.equal(status.action, "Post");
      assert.equal(await postedCount(authorId), 1);
      // A client that resends it is told it was already sent.
      await assert.rejects(relay(restarted.url, signed), (error: RelayerError) => error.status === 409 && error.code === "nonce_used");
      assert.equal(await clients.publicClient.getTransactionCount({ address: payer.address }), 1);
      await restarted.service.stop();
    });
  });

  // ---------------------------------------------------------------- batches

  describe("batches: accepted actions bundled into one transaction (KithBatch)", () => {
    /** `author` cancels its lane-0 signature with a tip high enough to come before the relayer's batch in the next block. */
    function cancelAhead(author: LocalAccount) {
      return clientsFor(stack.chain.chain, stack.chain.rpcUrl, author).walletClient.writeContract({
        address: kith.address,
        abi: kithAbi,
        functionName: "cancelNonce",
        args: [0n],
        gas: 100_000n,
        maxPriorityFeePerGas: parseGwei("50"),
        maxFeePerGas: parseGwei("100"),
      });
    }

    /** `count` authors with profiles, each with a signed post (lane 0) ready to relay. */
    async function signedPosts(count: number, text: string) {
      const authors = await fundedAccounts(count, "0.1");
      const posts = [];
      for (const author of authors) {
        const profileId = await profileOf(author);
        posts.push({ author, profileId, signed: await sign(viemSigner(author), { profileId, text: `${text} ${profileId}` }, { lane: 0n }) });
      }
      return posts;
    }

    it("20 posts accepted within the window go out as one transaction; each is reported mined on its own and indexed, and the shares of gas and fee add up to the receipt's", async () => {
      // A full batch goes at once; the window only bounds the wait of a batch that does not fill.
      const relayer = await startRelayer({ batch: { contract: stack.deployment.contracts.KithBatch.address, windowMs: 10_000, maxSize: 20 } });
      const posts = await signedPosts(20, "batched");
      const answers = await Promise.all(posts.map(({ signed }) => relay(relayer.url, signed)));
      const hashes = new Set(answers.map((a) => a.transactionHash));
      assert.equal(hashes.size, 1, "one transaction for the batch");
      const [hash] = [...hashes] as Hex[];
      const receipt = await mined(hash!);
      assert.equal(getAddress(receipt.to!), stack.deployment.contracts.KithBatch.address);
      const batch = await waitFor(async () => {
        const status = await batchStatus(relayer.url, hash!);
        return status.actions.every((a) => a.status === "mined") ? status : undefined;
      }, { timeoutMs: 10_000, describe: () => "the batch's actions were not all reported mined" });
      assert.equal(batch.status, "mined");
      // In the order the relayer accepted them (requests sent together finish verifying in any order).
      assert.deepEqual(batch.actions.map((a) => a.id).sort(), answers.map((a) => a.id).sort());
      assert.deepEqual(batch.actions.map((a) => a.batchIndex), posts.map((_, i) => i));
      for (const { id } of answers) assert.equal((await relayStatus(relayer.url, id)).status, "mined");
      const gasShares = batch.actions.reduce((sum, a) => sum + a.gasUsed!, 0);
      const feeShares = batch.actions.reduce((sum, a) => sum + BigInt(a.fee!), 0n);
      assert.ok(Number(receipt.gasUsed) - gasShares >= 0 && Number(receipt.gasUsed) - gasShares < 20, `gas shares ${gasShares} vs ${receipt.gasUsed}`);
      const fee = receipt.gasUsed * receipt.effectiveGasPrice;
      assert.ok(fee - feeShares >= 0n && fee - feeShares < 20n, `fee shares ${feeShares} vs ${fee}`);
      for (const { profileId } of posts) assert.equal(await postedCount(profileId), 1);
      await stack.indexer!.waitForBlock(receipt.blockNumber);
      const indexed = await Promise.all(posts.map(({ profileId }) => stack.indexer!.request(`{ profile(id: "${profileId}") { postCount } }`)));
      assert.deepEqual(indexed.map((answer) => answer.data?.profile?.postCount), posts.map(() => 1));
    });

    it("an action whose signature went stale after it was accepted fails alone: the batch is mined, the others post, it is reported reverted", async () => {
      const relayer = await startRelayer({ batch: { contract: stack.deployment.contracts.KithBatch.address, windowMs: 10_000, maxSize: 5 }, monitorIntervalMs: 100 });
      const posts = await signedPosts(5, "one goes stale");
      const stale = posts[2]!;
      await testClient.setAutomine(false);
      try {
        const answers = await Promise.all(posts.map(({ signed }) => relay(relayer.url, signed)));
        const hash = answers[0]!.transactionHash;
        const staleId = answers[2]!.id;
        assert.ok(answers.every((a) => a.transactionHash === hash));
        // The author cancels its signature after the relayer accepted it; a higher tip puts the
        // cancel ahead of the batch in the same block.
        const cancel = await cancelAhead(stale.author);
        await testClient.mine({ blocks: 1 });
        assert.equal((await mined(cancel)).blockNumber, (await mined(hash)).blockNumber);
        const batch = await waitFor(async () => {
          const status = await batchStatus(relayer.url, hash);
          return status.actions.every((a) => a.status !== "pending") ? status : undefined;
        }, { timeoutMs: 10_000, describe: () => "the batch was not settled" });
        assert.equal(batch.status, "mined");
        const staleIndex = batch.actions.findIndex((a) => a.id === staleId);
        assert.deepEqual(batch.actions.map((a) => a.status), batch.actions.map((_, i) => (i === staleIndex ? "reverted" : "mined")));
        assert.deepEqual(await Promise.all(posts.map(({ profileId }) => postedCount(profileId))), [1, 1, 0, 1, 1]);
        const failed = await clients.publicClient.getContractEvents({ address: stack.deployment.contracts.KithBatch.address, abi: kithBatchAbi, eventName: "CallFailed", blockHash: (await mined(hash)).blockHash });
        assert.deepEqual(failed.map((e) => e.args.index), [BigInt(staleIndex)]);
        assert.equal(decodeKithRevert(failed[0]!.args.reason)?.errorName, "InvalidAccountNonce");
      } finally {
        await testClient.setAutomine(true);
      }
    });

    it("a batch sent before a restart with batching off is settled by what it was: its failed call reported reverted", async () => {
      const account = await fundedAccount();
      const storeFile = path.join(storeDir, "batch-restart.sqlite");
      const batch = { contract: stack.deployment.contracts.KithBatch.address, windowMs: 10_000, maxSize: 3 };
      const first = await stack.startRelayer({ account, storeFile, batch, monitorIntervalMs: 100 });
      const posts = await signedPosts(3, "settled after a restart");
      await testClient.setAutomine(false);
      try {
        const answers = await Promise.all(posts.map(({ signed }) => relay(first.url, signed)));
        const hash = answers[0]!.transactionHash;
        await first.stop();
        const staleId = answers.find((a) => a.id === keccak256(posts[1]!.signed.signature))!.id;
        const cancel = await cancelAhead(posts[1]!.author);
        // The same store and account, batching off (the default).
        const second = await stack.startRelayer({ account, storeFile, monitorIntervalMs: 100 });
        await testClient.mine({ blocks: 1 });
        await mined(cancel);
        const batchState = await waitFor(async () => {
          const status = await batchStatus(second.url, hash);
          return status.actions.every((a) => a.status !== "pending") ? status : undefined;
        }, { timeoutMs: 10_000, describe: () => "the batch was not settled after the restart" });
        assert.deepEqual(
          batchState.actions.map((a) => [a.id, a.status]),
          batchState.actions.map((a) => [a.id, a.id === staleId ? "reverted" : "mined"]),
        );
      } finally {
        await testClient.setAutomine(true);
      }
    });
  });

  // ---------------------------------------------------------------- mixed load

  it("500 requests, 80% hostile: every valid one mined and indexed, every hostile one refused at no gas, none lost", async () => {
    const relayer = await startRelayer();
    const authors = await fundedAccounts(20);
    const ids: bigint[] = [];
    for (const author of authors) ids.push(await profileOf(author));
    const owner = await fundedAccount("1");
    const burners = [await deploy("E2EHostileGasBurningWallet", [owner.address, 10_000_000n]), await deploy("E2EHostileReturnBombWallet", [1_048_576n])];
    const burnerProfiles = [await walletProfile(undefined, burners[0]!, owner), await walletProfile(undefined, burners[1]!, owner)];
    const valid = await Promise.all(authors.flatMap((author, i) => [0, 1, 2, 3, 4].map((n) => sign(viemSigner(author), { profileId: ids[i]!, text: `load ${i} ${n}` }))));

    const hostile: { body: string; headers: Record<string, string>; kind: string }[] = [];
    const json = { "content-type": "application/json" };
    for (let i = 0; i < 400; i++) {
      const target = valid[i % valid.length]!;
      switch (i % 4) {
        case 0: // a gas-burning custody wallet signs for its own profile
          hostile.push({ kind: "gas burner", headers: json, body: serializeSignedAction(await sign(viemSigner(owner), { profileId: burnerProfiles[i % 2]!, text: `burn ${i}` }, { as: burners[i % 2]!, lane: 0n })) });
          break;
        case 1: // spoofed x-forwarded-for with a garbage signature
          hostile.push({ kind: "spoofed header", headers: { ...json, "x-forwarded-for": `198.51.100.${i % 250}` }, body: serializeSignedAction({ ...target, signature: `0x${"44".repeat(65)}` as Hex }) });
          break;
        case 2: // garbage signature naming a real profile and its signer's next nonce
          hostile.push({ kind: "garbage signature", headers: json, body: serializeSignedAction({ ...target, message: { ...target.message, contentHash: contentHash(`forged ${i}`) }, signature: `0x${"55".repeat(65)}` as Hex } as SignedAction) });
          break;
        default: // a copy of a valid request (same signer, same nonce)
          hostile.push({ kind: "duplicate nonce", headers: json, body: serializeSignedAction(target) });
      }
    }
    const before = await chainState(relayer.address);
    const requests = [
      ...valid.map((signed) => ({ valid: true, kind: "valid", body: serializeSignedAction(signed), headers: json })),
      ...hostile.map((h) => ({ valid: false, ...h })),
    ].sort(() => Math.random() - 0.5);
    const started = performance.now();
    const answers = await Promise.all(requests.map(async (r) => ({ ...r, answer: await postTo(relayer.url, r.body, r.headers) })));
    const elapsed = performance.now() - started;

    // A valid request and its copy: exactly one of the two is sent, whichever came first; the other is
    // refused like any other duplicate.
    const sent = new Map<string, number>();
    for (const a of answers) if (a.answer.status === 200) sent.set(a.body, (sent.get(a.body) ?? 0) + 1);
    assert.deepEqual([...sent.values()].filter((n) => n !== 1), [], "a signed action sent twice");
    assert.equal(sent.size, 100, "every valid action sent once");
    const refused = answers.filter((a) => a.answer.status !== 200);
    assert.equal(refused.length, 400);
    const byKind = new Map<string, Set<string>>();
    for (const a of refused) {
      const kind = a.kind === "valid" ? "duplicate nonce" : a.kind; // the original, when its copy came first
      byKind.set(kind, (byKind.get(kind) ?? new Set()).add(`${a.answer.status} ${a.answer.body.error.code}`));
    }
    assert.deepEqual(Object.fromEntries([...byKind].map(([k, v]) => [k, [...v].sort()]).sort()), {
      "duplicate nonce": ["409 nonce_used"],
      "garbage signature": ["401 invalid_signature"],
      "gas burner": ["422 gas_budget_exceeded"],
      "spoofed header": ["401 invalid_signature"],
    });

    const hashes = answers.filter((a) => a.answer.status === 200).map((a) => a.answer.body.transactionHash as Hex);
    const receipts = await Promise.all(hashes.map(mined));
    const spent = receipts.reduce((sum, r) => sum + r.gasUsed * r.effectiveGasPrice, 0n);
    const after = await chainState(relayer.address);
    assert.equal(after.relayerTransactions - before.relayerTransactions, 100, "the relayer sent 100 transactions: the valid actions, nothing for hostile requests");
    assert.equal(before.balance - after.balance, spent, "the relayer paid for the 100 valid actions only");
    await stack.indexer!.waitForBlock(receipts.reduce((max, r) => (r.blockNumber > max ? r.blockNumber : max), 0n));
    for (const id of ids) {
      const { data } = await stack.indexer!.request(`{ profile(id: "${id}") { postCount } }`);
      assert.equal(data.profile.postCount, 5);
    }
    for (const [i, id] of ids.entries()) {
      for (const n of [0, 1, 2, 3, 4]) {
        const post = computePostId(id, PostKind.Post, 0n, contentHash(`load ${i} ${n}`));
        assert.equal((await stack.indexer!.request(`{ post(id: "${post}") { id } }`)).data.post?.id, String(post));
      }
    }
    const copiesFirst = answers.filter((a) => !a.valid && a.answer.status === 200).length;
    console.log(
      `      mixed load: 500 requests in ${elapsed.toFixed(0)} ms; 100/100 valid actions mined and indexed ` +
        `(${copiesFirst} of them through the copy that arrived first); 400/400 others refused; the relayer sent ` +
        `${after.relayerTransactions - before.relayerTransactions} transactions (${receipts.reduce((sum, r) => sum + r.gasUsed, 0n)} gas), none for a hostile request`,
    );
  });
});
