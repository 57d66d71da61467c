// Client of the Kith relayer: POST a signed action, get the transaction hash back; look up what
// became of it. Every refusal is a RelayerError with the relayer's status, code and retry delay.
import type { Hash, Hex } from "viem";

import { type SignedAction, serializeSignedAction } from "./actions.ts";

/** Codes the relayer answers with (README, "Run a relayer"); `network_error` means it could not be reached. */
export type RelayerErrorCode =
  | "invalid_request"
  | "invalid_signature"
  | "signature_expired"
  | "not_authorized"
  | "out_of_scope"
  | "app_key_expired"
  | "not_found"
  | "method_not_allowed"
  | "nonce_used"
  | "body_too_large"
  | "unsupported_media_type"
  | "rejected"
  | "gas_budget_exceeded"
  | "rate_limited"
  | "profile_budget_exhausted"
  | "relayer_budget_exhausted"
  | "internal_error"
  | "submit_failed"
  | "relayer_underfunded"
  | "chain_unavailable"
  | "network_error"
  | (string & {});

/** A refusal by the relayer: HTTP status (0 when unreachable), a stable code, a message, and when to retry. */
export class RelayerError extends Error {
  readonly status: number;
  readonly code: RelayerErrorCode;
  readonly details?: unknown;
  /** Seconds after which the same request may succeed (rate limits, budgets, outages), if the relayer said. */
  readonly retryAfter?: number;

  constructor(status: number, code: RelayerErrorCode, message: string, details?: unknown, retryAfter?: number) {
    super(message);
    this.name = "RelayerError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

/** What the relayer accepted: the transaction it sent and the id (keccak256 of the signature) to follow it by. */
export interface Relayed {
  transactionHash: Hash;
  id: Hex;
  status: "pending";
}

/** What became of a relayed action (GET /relay/:id). */
export interface RelayStatus {
  id: Hex;
  status: "pending" | "mined" | "reverted" | "replaced" | "dropped";
  action: string;
  signer: string;
  nonce: string;
  transactionHash: Hash;
  /** When the hash asked about was replaced by a transaction with a higher fee: that one. */
  replacedBy?: Hash;
  /** Its call's position when it went out in a batch (KithBatch); a batch's call fails alone ("reverted"). */
  batchIndex?: number;
  blockNumber: number | null;
  /** Gas and fee (wei) once settled; in a batch, this action's share, in proportion to its gas budget. */
  gasUsed: number | null;
  fee: string | null;
  transactions: { hash: Hash; status: string; maxFeePerGas: string }[];
}

/** A batch's transaction (GET /relay/<its hash>): its state and every action it carries, in call order. */
export interface BatchStatus {
  transactionHash: Hash;
  status: "pending" | "mined" | "reverted" | "replaced" | "dropped";
  actions: RelayStatus[];
}

async function call<T>(url: string, path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, url), init);
  } catch (error) {
    throw new RelayerError(0, "network_error", `the relayer at ${url} could not be reached: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as T & {
    error?: { code: string; message: string; details?: unknown; retryAfter?: number };
  };
  if (!response.ok || body.error) {
    const header = Number(response.headers.get("retry-after"));
    const retryAfter = body.error?.retryAfter ?? (Number.isFinite(header) && header > 0 ? header : undefined);
    throw new RelayerError(
      response.status,
      body.error?.code ?? "unknown",
      body.error?.message ?? `relayer answered ${response.status}`,
      body.error?.details,
      retryAfter,
    );
  }
  return body;
}

/** Submits `signed` through the relayer at `url` (e.g. http://127.0.0.1:8787); throws a RelayerError when refused. */
export async function relay(url: string, signed: SignedAction): Promise<Relayed> {
  const body = await call<Relayed>(url, "/relay", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: serializeSignedAction(signed),
  });
  if (!body.transactionHash) throw new RelayerError(502, "unknown", "the relayer accepted the action but named no transaction");
  return body;
}

/** What became of an action this relayer accepted, by transaction hash or by id (keccak256 of the signature). */
export function relayStatus(url: string, idOrHash: Hex): Promise<RelayStatus> {
  return call<RelayStatus>(url, `/relay/${idOrHash}`);
}

/** The state of a batch's transaction and of each action in it, by the transaction's hash. */
export function batchStatus(url: string, transactionHash: Hash): Promise<BatchStatus> {
  return call<BatchStatus>(url, `/relay/${transactionHash}`);
}
