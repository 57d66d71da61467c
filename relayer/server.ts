// The Kith relayer: accepts a signed action over HTTP, validates it (schema, deadline, then a
// simulation on chain that checks signature, nonce and authorization) before spending gas, submits
// it from its own account and returns the transaction hash.
//
//   POST /relay   body: a SignedAction as JSON (bigints as decimal strings)
//     200 { transactionHash }
//     400 invalid_request      the body is malformed
//     401 invalid_signature    the signature does not verify (wrong signer, domain, chain, high-s, wallet refused)
//     401 signature_expired    the deadline has passed
//     403 not_authorized       the signer may not act for the profile (or recover, or accept)
//     403 out_of_scope         an app key acting outside its scopes
//     403 app_key_expired      an app key past its expiry
//     409 nonce_used           the nonce was used, cancelled, or is being submitted right now
//     422 rejected             the action itself would revert (e.g. AlreadyFollowing); details name the error
//     429 rate_limited         too many requests for this profile or from this IP (Retry-After header)
//     502 submit_failed        the node refused the transaction
//   GET /health, GET /info
import { Hono } from "hono";
import {
  type Account,
  BaseError,
  type Chain,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  type Hash,
  http,
  type Address,
} from "viem";

import { type SignedAction, toContractCall } from "../sdk/src/actions.ts";
import { kithAbi } from "../sdk/src/abis.ts";
import { RateLimiter } from "./rateLimit.ts";
import { actingSubject, parseSignedAction, ValidationError } from "./validate.ts";

export interface RelayerOptions {
  chain: Chain;
  rpcUrl: string;
  kith: Address;
  /** The account that pays gas. */
  account: Account;
  /** Requests per minute per acting profile (default 60). */
  perProfilePerMinute?: number;
  /** Requests per minute per client IP (default 600). */
  perIpPerMinute?: number;
  /** Where the client IP comes from; default: the x-forwarded-for header, else "local". */
  clientIp?: (request: Request) => string;
}

interface Refusal {
  status: 400 | 401 | 403 | 409 | 422 | 429 | 502;
  code: string;
  message: string;
  details?: unknown;
}

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

const json = (value: unknown) => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));

export function createRelayer(options: RelayerOptions) {
  const { chain, kith, account } = options;
  const transport = http(options.rpcUrl);
  const publicClient = createPublicClient({ chain, transport });
  const walletClient = createWalletClient({ chain, transport, account });
  const perProfile = new RateLimiter(options.perProfilePerMinute ?? 60, 60_000);
  const perIp = new RateLimiter(options.perIpPerMinute ?? 600, 60_000);
  const clientIp = options.clientIp ?? ((request: Request) => request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local");
  /**
   * (signer, nonce) pairs being submitted or submitted recently: a duplicate is refused with 409
   * rather than simulated against a chain that has not mined the first one yet and sent twice.
   */
  const claimed = new Map<string, number>();
  const CLAIM_MS = 10 * 60_000;

  const contractCall = (call: ReturnType<typeof toContractCall>) => ({
    address: kith,
    abi: kithAbi,
    functionName: call.functionName as never,
    args: call.args as never,
  });

  // The relayer's own nonces: one submission at a time hands out the next nonce, so concurrent
  // requests never collide; after a failed send the count is read from the chain again.
  let nextNonce: number | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  function submit(call: ReturnType<typeof toContractCall>, gas: bigint): Promise<Hash> {
    const send = async () => {
      nextNonce ??= await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
      try {
        const hash = await walletClient.writeContract({ ...contractCall(call), gas, nonce: nextNonce, chain, account });
        nextNonce += 1;
        return hash;
      } catch (error) {
        nextNonce = undefined;
        throw error;
      }
    };
    const result = queue.then(send, send);
    queue = result.catch(() => {});
    return result;
  }

  /** Simulates the call (gas estimation runs it): a revert becomes a refusal; returns a gas limit. */
  async function simulate(call: ReturnType<typeof toContractCall>): Promise<bigint | Refusal> {
    try {
      const gas = await publicClient.estimateContractGas({ ...contractCall(call), account });
      return gas + gas / 5n; // headroom for state that changes before inclusion
    } catch (error) {
      const revert = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
      const data = (revert as ContractFunctionRevertedError | null)?.data;
      if (!data) {
        return { status: 422, code: "rejected", message: `simulation failed: ${(error as BaseError).shortMessage ?? error}` };
      }
      const mapped = REVERT_STATUS[data.errorName] ?? { status: 422 as const, code: "rejected" };
      return {
        ...mapped,
        message: `the contract would revert with ${data.errorName}`,
        details: { error: data.errorName, args: json(data.args ?? []) },
      };
    }
  }

  async function handle(request: Request): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const refuse = (r: Refusal, headers?: Record<string, string>) => ({
      status: r.status,
      body: { error: { code: r.code, message: r.message, ...(r.details === undefined ? {} : { details: r.details }) } },
      headers,
    });

    const ipWait = perIp.take(clientIp(request));
    if (ipWait > 0) {
      return refuse({ status: 429, code: "rate_limited", message: "too many requests from this address" }, { "retry-after": String(Math.ceil(ipWait / 1000)) });
    }
    let signed: SignedAction;
    try {
      signed = parseSignedAction(await request.json());
    } catch (error) {
      const message = error instanceof ValidationError ? error.message : "the body is not valid JSON";
      return refuse({ status: 400, code: "invalid_request", message });
    }
    const profileWait = perProfile.take(actingSubject(signed));
    if (profileWait > 0) {
      return refuse({ status: 429, code: "rate_limited", message: "too many requests for this profile" }, { "retry-after": String(Math.ceil(profileWait / 1000)) });
    }
    if (signed.deadline < BigInt(Math.floor(Date.now() / 1000))) {
      return refuse({ status: 401, code: "signature_expired", message: `the deadline ${signed.deadline} has passed` });
    }
    const key = `${signed.signer.toLowerCase()}:${signed.nonce}`;
    const now = Date.now();
    if ((claimed.get(key) ?? 0) > now) {
      return refuse({ status: 409, code: "nonce_used", message: "this signer and nonce were already submitted" });
    }
    claimed.set(key, now + CLAIM_MS);
    if (claimed.size > 100_000) for (const [k, until] of claimed) if (until <= now) claimed.delete(k);
    const call = toContractCall(signed);
    const gas = await simulate(call);
    if (typeof gas !== "bigint") {
      claimed.delete(key);
      return refuse(gas);
    }
    try {
      return { status: 200, body: { transactionHash: await submit(call, gas) } };
    } catch (error) {
      claimed.delete(key);
      return refuse({ status: 502, code: "submit_failed", message: (error as BaseError).shortMessage ?? String(error) });
    }
  }

  const app = new Hono();
  app.get("/health", (c) => c.text("ok"));
  app.get("/info", async (c) =>
    c.json({
      chainId: chain.id,
      kith,
      relayer: account.address,
      balance: (await publicClient.getBalance({ address: account.address })).toString(),
    }),
  );
  app.post("/relay", async (c) => {
    const { status, body, headers } = await handle(c.req.raw);
    return c.json(body, status as 200, headers);
  });
  return { app, address: account.address };
}
