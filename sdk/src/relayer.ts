// Client of the Kith relayer: POST a signed action, get the transaction hash back.
import type { Hash } from "viem";

import { type SignedAction, serializeSignedAction } from "./actions.ts";

/** A refusal by the relayer: HTTP status, a stable code (e.g. "nonce_used") and a message. */
export class RelayerError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "RelayerError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Submits `signed` through the relayer at `url` (e.g. http://127.0.0.1:8787). */
export async function relay(url: string, signed: SignedAction): Promise<{ transactionHash: Hash }> {
  const response = await fetch(new URL("/relay", url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: serializeSignedAction(signed),
  });
  const body = (await response.json().catch(() => ({}))) as {
    transactionHash?: Hash;
    error?: { code: string; message: string; details?: unknown };
  };
  if (!response.ok || !body.transactionHash) {
    throw new RelayerError(
      response.status,
      body.error?.code ?? "unknown",
      body.error?.message ?? `relayer answered ${response.status}`,
      body.error?.details,
    );
  }
  return { transactionHash: body.transactionHash };
}
