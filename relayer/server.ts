// The Kith relayer: takes a signed action over HTTP and pays its gas, on the open internet. Every
// client is hostile until its signature verified, so each request spends only what it has earned:
//
//   1. per-IP limit (the socket's address; x-forwarded-for only from a trusted proxy), body size
//      and content type, before anything is parsed;
//   2. the body parsed field by field; the deadline by the wall clock;
//   3. the signature verified (ECDSA locally; ERC-1271/6492 by eth_call within their gas allowance);
//   4. per-signer limit, counted only now;
//   5. the action simulated with its gas budget as the gas limit (signature, nonce, authorization);
//   6. per-profile limit and sponsorship budgets (gas per profile per day, in total per hour),
//      counted only for actions that would succeed; the relayer's balance;
//   7. the (signer, nonce) claim, then the transaction, sent with the budget as its gas limit and
//      recorded on disk before it is broadcast (relayer/sender.ts).
//
// Routes: POST /relay, GET /relay/:id (by transaction hash or keccak256 of the signature),
// GET /info, GET /health. Refusals are JSON { error: { code, message, details?, retryAfter? } }.
import type { IncomingMessage } from "node:http";

import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { methodNotAllowed } from "hono/method-not-allowed";
import { secureHeaders } from "hono/secure-headers";
import proxyAddr from "proxy-addr";
import {
  type Address,
  BaseError,
  type Chain,
  createPublicClient,
  encodeFunctionData,
  type Hex,
  hashTypedData,
  http,
  keccak256,
  type LocalAccount,
  numberToHex,
} from "viem";

import { actionTypedData, decodeKithRevert, kithAbi, type SignedAction, toContractCall } from "@kith/sdk";

import { Batcher, type BatchOptions } from "./batcher.ts";
import { baseBudgets, DEFAULT_GAS_ALLOWANCES, type GasAllowances, gasBudget } from "./budgets.ts";
import { RateLimiter } from "./rateLimit.ts";
import { type Outgoing, SendRefusedError, Sender } from "./sender.ts";
import { type RelayRecord, RelayStore } from "./store.ts";
import { actingSubject, parseSignedAction, ValidationError } from "./validate.ts";
import { isOutOfGasText, verifySignature } from "./verify.ts";

export interface RelayerOptions {
  chain: Chain;
  rpcUrl: string;
  kith: Address;
  /** The account that pays gas; it signs locally (private key or mnemonic account). */
  account: LocalAccount;
  /** Where accepted actions and sent transactions are kept (SQLite file); default ":memory:". */
  storeFile?: string;
  /** Origins allowed by CORS: "*" (default, for local development) or a list. */
  allowedOrigins?: "*" | string[];
  /**
   * Proxies whose x-forwarded-for is believed (proxy-addr syntax: "loopback", "10.0.0.0/8",
   * addresses). Default none: the client is the socket's peer and the header is ignored.
   */
  trustedProxies?: string[];
  /** Requests per minute per client IP, before any work (default 600). */
  perIpPerMinute?: number;
  /** Requests per minute per signer whose signature verified (default 120). */
  perSignerPerMinute?: number;
  /** Actions per minute per profile that would succeed (default 60). */
  perProfilePerMinute?: number;
  /** Gas the relayer pays per profile (or registering custody) in 24 hours (default 2,000,000). */
  profileGasPerDay?: number;
  /** Gas the relayer pays in total per hour (default 100,000,000). */
  globalGasPerHour?: number;
  /** Gas allowed for contract wallets' signature checks (default ERC-1271 50,000, ERC-6492 400,000). */
  gasAllowances?: Partial<GasAllowances>;
  /** Largest request body in bytes (default 32 KiB). */
  maxBodyBytes?: number;
  /** How often pending transactions are checked, and when a transaction below the base fee is replaced. */
  monitorIntervalMs?: number;
  stuckAfterMs?: number;
  maxFeePerGasCap?: bigint;
  log?: (line: string) => void;
  /** Fault injection for tests: runs between recording a transaction and broadcasting it. */
  afterRecord?: () => void;
  /**
   * Bundle accepted actions into one transaction through the KithBatch contract at `contract`,
   * waiting at most `windowMs` for others (default: every action is sent alone).
   */
  batch?: BatchOptions & { contract: Address };
}

interface Refusal {
  status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503;
  code: string;
  message: string;
  details?: unknown;
  /** Seconds until trying again makes sense (also the Retry-After header). */
  retryAfter?: number;
}

/** 32 KiB: the largest well-formed action is ~25 KB (an 8 KiB ERC-6492 signature as hex, 16 KiB, plus 100 ids of a batch at up to 78 digits each). */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024;

const REVERT_STATUS: Record<string, Pick<Refusal, "status" | "code">> = {
  InvalidSignature: { status: 401, code: "invalid_signature" },
  SignatureExpired: { status: 401, code: "signature_expired" },
  NotAuthorized: { status: 403, code: "not_authorized" },
  NotRecovery: { status: 403, code: "not_authorized" },
  NoPendingTransfer: { status: 403, code: "not_authorized" },
  AppKeyOutOfScope: { status: 403, code: "out_of_scope" },
  AppKeyExpired: { status: 403, code: "app_key_expired" },
  InvalidAccountNonce: { status: 409, code: "nonce_used" },
};

const DAY_MS = 24 * 3_600_000;
const HOUR_MS = 3_600_000;

const json = (value: unknown) => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
const messageOf = (error: unknown) => (error instanceof BaseError ? error.shortMessage : String(error));
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Is this error the chain being unreachable (rather than an answer from it)? */
const isUnreachable = (error: unknown) =>
  error instanceof BaseError && error.walk((e) => /HttpRequestError|TimeoutError|WebSocketRequestError/.test((e as Error).name)) !== null;

/**
 * When `charges` (oldest first) leave room for `cost` under `budget` within `windowMs`: 0 if now,
 * else the milliseconds until enough old charges leave the window.
 */
function budgetWait(charges: { createdAt: number; gas: number }[], cost: number, budget: number, windowMs: number, now: number): number {
  let used = charges.reduce((sum, charge) => sum + charge.gas, 0);
  if (used + cost <= budget) return 0;
  if (cost > budget) return Number.POSITIVE_INFINITY;
  for (const charge of charges) {
    used -= charge.gas;
    if (used + cost <= budget) return charge.createdAt + windowMs - now;
  }
  return windowMs;
}

export function createRelayer(options: RelayerOptions) {
  const { chain, kith, account } = options;
  const log = options.log ?? (() => {});
  const allowances = { ...DEFAULT_GAS_ALLOWANCES, ...options.gasAllowances };
  const profileGasPerDay = options.profileGasPerDay ?? 2_000_000;
  const globalGasPerHour = options.globalGasPerHour ?? 100_000_000;
  const publicClient = createPublicClient({ chain, transport: http(options.rpcUrl, { timeout: 10_000, retryCount: 1 }) });
  const store = new RelayStore(options.storeFile ?? ":memory:");
  const sender = new Sender({
    publicClient,
    account,
    store,
    monitorIntervalMs: options.monitorIntervalMs,
    stuckAfterMs: options.stuckAfterMs,
    maxFeePerGasCap: options.maxFeePerGasCap,
    log,
    afterRecord: options.afterRecord,
    batchContract: options.batch?.contract,
  });
  const batcher = options.batch && options.batch.windowMs > 0 ? new Batcher(sender, options.batch) : undefined;
  const send = (outgoing: Outgoing) => (batcher ? batcher.send(outgoing) : sender.send([outgoing]));
  const perIp = new RateLimiter(options.perIpPerMinute ?? 600, 60_000);
  const perSigner = new RateLimiter(options.perSignerPerMinute ?? 120, 60_000);
  const perProfile = new RateLimiter(options.perProfilePerMinute ?? 60, 60_000);
  const trust = proxyAddr.compile(options.trustedProxies ?? []);
  /** (signer, nonce) pairs between their claim and their record in the store. */
  const claiming = new Set<string>();

  const refusal = (r: Refusal) => ({
    status: r.status,
    body: {
      error: {
        code: r.code,
        message: r.message,
        ...(r.details === undefined ? {} : { details: r.details }),
        ...(r.retryAfter === undefined ? {} : { retryAfter: r.retryAfter }),
      },
    },
    headers: r.retryAfter === undefined ? undefined : { "retry-after": String(r.retryAfter) },
  });

  /** Simulates `data` with `gas` as its limit: undefined when it would succeed, else the refusal. */
  async function simulate(data: Hex, gas: bigint): Promise<Refusal | undefined> {
    try {
      // Straight to the node: viem's estimateGas drops the `gas` cap, and the cap is the point.
      await publicClient.request({ method: "eth_estimateGas", params: [{ from: account.address, to: kith, data, gas: numberToHex(gas) }, "latest"] });
      return undefined;
    } catch (error) {
      if (isUnreachable(error)) throw error;
      const decoded = decodeKithRevert(error);
      if (decoded) {
        const mapped = REVERT_STATUS[decoded.errorName] ?? { status: 422 as const, code: "rejected" };
        return { ...mapped, message: `the contract would revert with ${decoded.errorName}`, details: { error: decoded.errorName, args: json(decoded.args ?? []) } };
      }
      const text = error instanceof BaseError ? `${error.shortMessage} ${error.details ?? ""}` : String(error);
      if (isOutOfGasText(text)) {
        return { status: 422, code: "gas_budget_exceeded", message: `the action needs more than its gas budget of ${gas}`, details: { gasBudget: gas.toString() } };
      }
      return { status: 422, code: "rejected", message: `simulation failed: ${messageOf(error)}` };
    }
  }


  async function relay(request: Request): Promise<ReturnType<typeof refusal> | { status: 200; body: unknown }> {
    let signed: SignedAction;
    try {
      signed = parseSignedAction(JSON.parse(await request.text()));
    } catch (error) {
      const message = error instanceof ValidationError ? error.message : "the body is not valid JSON";
      return refusal({ status: 400, code: "invalid_request", message });
    }
    if (signed.deadline < BigInt(Math.floor(Date.now() / 1000))) {
      return refusal({ status: 401, code: "signature_expired", message: `the deadline ${signed.deadline} has passed` });
    }

    const typedData = actionTypedData({ ...(signed as SignedAction<"Post">), chainId: chain.id, kith });
    const digest = hashTypedData(typedData as Parameters<typeof hashTypedData>[0]);
    const verification = await verifySignature(publicClient, { signer: signed.signer, digest, signature: signed.signature, kith, allowances });
    if (!verification.valid) {
      return verification.reason === "over_budget"
        ? refusal({ status: 422, code: "gas_budget_exceeded", message: verification.message, details: { signatureKind: verification.kind } })
        : refusal({ status: 401, code: "invalid_signature", message: verification.message });
    }
    const signerWait = perSigner.take(signed.signer.toLowerCase());
    if (signerWait > 0) return refusal({ status: 429, code: "rate_limited", message: "too many requests from this signer", retryAfter: seconds(signerWait) });

    const call = toContractCall(signed);
    const data = encodeFunctionData({ abi: kithAbi, functionName: call.functionName as never, args: call.args as never });
    const gas = gasBudget(signed, verification.kind, allowances);
    const rejected = await simulate(data, gas);
    if (rejected) return refusal(rejected);

    const subject = actingSubject(signed);
    const profileWait = perProfile.take(subject);
    if (profileWait > 0) return refusal({ status: 429, code: "rate_limited", message: "too many requests for this profile", retryAfter: seconds(profileWait) });
    const now = Date.now();
    const profileWaitMs = budgetWait(store.charges(now - DAY_MS, subject), Number(gas), profileGasPerDay, DAY_MS, now);
    if (profileWaitMs > 0) {
      return refusal({
        status: 429,
        code: "profile_budget_exhausted",
        message: `this relayer sponsors ${profileGasPerDay} gas per profile per day; this action needs ${gas}`,
        retryAfter: Number.isFinite(profileWaitMs) ? seconds(profileWaitMs) : undefined,
      });
    }
    const globalWaitMs = budgetWait(store.charges(now - HOUR_MS), Number(gas), globalGasPerHour, HOUR_MS, now);
    if (globalWaitMs > 0) {
      return refusal({
        status: 429,
        code: "relayer_budget_exhausted",
        message: `this relayer sponsors ${globalGasPerHour} gas per hour in total and has spent it`,
        retryAfter: Number.isFinite(globalWaitMs) ? seconds(globalWaitMs) : undefined,
      });
    }
    // The fees the transaction will be sent with (read at most once a second, shared with the sender).
    const [balance, fees] = await Promise.all([publicClient.getBalance({ address: account.address }), sender.fees()]);
    const needed = store.reservedWei() + gas * fees.maxFeePerGas * 2n;
    if (balance < needed) {
      log(`refusing: balance ${balance} wei < ${needed} wei needed`);
      return refusal({ status: 503, code: "relayer_underfunded", message: "the relayer's balance is too low to pay for this action; try again later", retryAfter: 300 });
    }

    const claim = `${signed.signer.toLowerCase()}:${signed.nonce}`;
    const earlier = store.claimOf(signed.signer, signed.nonce);
    if (claiming.has(claim) || earlier) {
      return refusal({
        status: 409,
        code: "nonce_used",
        message: "this signer and nonce were already submitted",
        details: earlier ? { id: earlier.id, transactionHash: earlier.transactionHash, status: earlier.status } : undefined,
      });
    }
    claiming.add(claim);
    const id = keccak256(signed.signature);
    try {
      const transactionHash = await send({
        relay: { id, action: signed.action, signer: signed.signer.toLowerCase(), nonce: signed.nonce.toString(), subject },
        to: kith,
        data,
        gas,
      });
      return { status: 200, body: { transactionHash, id, status: "pending", gasLimit: gas.toString() } };
    } catch (error) {
      if (error instanceof SendRefusedError) return refusal({ status: 502, code: "submit_failed", message: error.message });
      throw error;
    } finally {
      claiming.delete(claim);
    }
  }

  /** The state of one action, looked up by its id, or, when alone in its transaction, by any of its transaction hashes. */
  function actionState(relay: RelayRecord, viaHash?: Hex) {
    const transactions = store.transactionsOf(relay.sendId);
    const status = viaHash && viaHash !== relay.transactionHash && relay.status !== "dropped" ? "replaced" : relay.status;
    return {
      id: relay.id,
      status,
      action: relay.action,
      signer: relay.signer,
      nonce: relay.nonce,
      transactionHash: viaHash ?? relay.transactionHash,
      ...(status === "replaced" ? { replacedBy: relay.transactionHash } : {}),
      ...(relay.batchIndex === null ? {} : { batchIndex: relay.batchIndex }),
      blockNumber: relay.blockNumber,
      gasUsed: relay.gasUsed,
      fee: relay.fee,
      transactions: transactions.map((t) => ({ hash: t.hash, status: t.status, maxFeePerGas: t.maxFeePerGas })),
    };
  }

  /** An action by id; a transaction by hash: its action, or for a batch, every action it carries. */
  function lookup(key: Hex) {
    const relay = store.relay(key);
    if (relay) return actionState(relay);
    const tx = store.transaction(key);
    if (!tx) return undefined;
    const relays = store.relaysOf(tx.sendId);
    if (relays.length === 1) return actionState(relays[0]!, tx.hash);
    return { transactionHash: tx.hash, status: tx.status, actions: relays.map((r) => actionState(r, tx.hash)) };
  }

  const app = new Hono<{ Bindings: { incoming?: IncomingMessage } }>();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  app.use(
    cors({
      origin: options.allowedOrigins ?? "*",
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["content-type"],
      exposeHeaders: ["retry-after"],
      maxAge: 600,
    }),
  );
  app.use(secureHeaders({ crossOriginResourcePolicy: "cross-origin" }));
  // Step 1, for every route (GET /info and /relay/:id read the chain and the store too): the
  // per-IP limit, before anything else. Preflights are answered by cors above without work.
  app.use(async (c, next) => {
    const incoming = c.env?.incoming;
    const ipWait = perIp.take(incoming ? proxyAddr(incoming, trust) : "unknown");
    if (ipWait === 0) return next();
    const { status, body, headers } = refusal({ status: 429, code: "rate_limited", message: "too many requests from this address", retryAfter: seconds(ipWait) });
    return c.json(body, status, headers);
  });
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        c.json({ error: { code: "method_not_allowed", message: `${c.req.method} is not allowed here; use ${methods.join(", ")}` } }, 405, { allow: methods.join(", ") }),
    }),
  );
  app.get("/health", (c) => c.text("ok"));
  app.get("/info", async (c) => {
    const now = Date.now();
    const spent = (charges: { gas: number }[]) => charges.reduce((sum, charge) => sum + charge.gas, 0);
    const profile = c.req.query("profileId");
    const subject = profile !== undefined && /^\d{1,78}$/.test(profile) ? `profile:${BigInt(profile)}` : undefined;
    return c.json({
      chainId: chain.id,
      kith,
      relayer: account.address,
      balance: (await publicClient.getBalance({ address: account.address })).toString(),
      pending: store.pending().length,
      budgets: {
        globalGasPerHour,
        globalGasRemaining: Math.max(0, globalGasPerHour - spent(store.charges(now - HOUR_MS))),
        profileGasPerDay,
        ...(subject ? { profileGasRemaining: Math.max(0, profileGasPerDay - spent(store.charges(now - DAY_MS, subject))) } : {}),
      },
      gasBudgets: baseBudgets(),
      gasAllowances: allowances,
    });
  });
  app.post(
    "/relay",
    async (c, next) => {
      if (/^application\/json\s*(;|$)/i.test(c.req.header("content-type") ?? "")) return next();
      return c.json({ error: { code: "unsupported_media_type", message: "send the signed action as application/json" } }, 415);
    },
    bodyLimit({
      maxSize: maxBodyBytes,
      // The rest of the body is never read: the connection closes after the answer, and says so.
      onError: (c) => c.json({ error: { code: "body_too_large", message: `the body must be at most ${maxBodyBytes} bytes` } }, 413, { connection: "close" }),
    }),
    async (c) => {
      const { status, body, ...rest } = await relay(c.req.raw);
      return c.json(body, status as 200, "headers" in rest ? rest.headers : undefined);
    },
  );
  app.get("/relay/:id", (c) => {
    const id = c.req.param("id").toLowerCase() as Hex;
    if (!/^0x[0-9a-f]{64}$/.test(id)) return c.json({ error: { code: "invalid_request", message: "give a transaction hash or a signature hash (0x and 64 hex digits)" } }, 400);
    const found = lookup(id);
    if (!found) return c.json({ error: { code: "not_found", message: `this relayer has no transaction or action ${id}` } }, 404);
    return c.json(found);
  });
  app.notFound((c) => c.json({ error: { code: "not_found", message: `no route ${c.req.method} ${c.req.path}; see POST /relay, GET /relay/:id, GET /info` } }, 404));
  app.onError((error, c) => {
    if (isUnreachable(error)) {
      return c.json({ error: { code: "chain_unavailable", message: "the relayer cannot reach its chain's RPC; try again shortly", retryAfter: 5 } }, 503, { "retry-after": "5" });
    }
    log(`unexpected error: ${(error as Error).stack ?? error}`);
    return c.json({ error: { code: "internal_error", message: "the relayer failed unexpectedly; nothing was sent" } }, 500);
  });

  return {
    app,
    address: account.address,
    store,
    sender,
    /** Checks the store belongs to this chain, contract and account, then resumes watching what was sent before a restart. */
    async start() {
      const genesis = await publicClient.getBlock({ blockNumber: 0n });
      store.bind({ chainId: chain.id, genesis: genesis.hash!, kith, account: account.address });
      await sender.start();
    },
    async stop() {
      batcher?.flush();
      await sender.stop();
      store.close();
    },
  };
}
