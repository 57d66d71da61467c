// Gas budgets: the most gas the relayer will pay for one signed action. Each budget starts from the
// gas limit `npm run gas` measured for that action (relayer/gasTable.json, checked by a test) and adds
// only what a signed request can legitimately make larger: a signer's first signature in a lane, an
// app key signing instead of the custody, the bytes of its strings and signature, ids of a batch,
// and verification by a contract wallet. The
// simulation runs with the budget as its gas limit and the transaction is sent with it, so no signer
// can make the relayer pay more.
import { type Hex, size } from "viem";

import { KITH_ACTIONS, type KithActionName, type SignedAction } from "@kith/sdk";

import gasTable from "./gasTable.json" with { type: "json" };

/** How a signature is verified on chain: by ecrecover, by the signer's ERC-1271, or by ERC-6492 (deploy, then ERC-1271). */
export type SignatureKind = "ecdsa" | "erc1271" | "erc6492";

export interface GasAllowances {
  /** Gas a contract wallet's `isValidSignature` may use (a Safe 1.4.1 2-of-3 check, through its fallback handler, takes ~50-60k). */
  erc1271: number;
  /** Gas an ERC-6492 signature may use to deploy its wallet and then check it (a Safe proxy ~300k). */
  erc6492: number;
}

export const DEFAULT_GAS_ALLOWANCES: GasAllowances = { erc1271: 100_000, erc6492: 400_000 };

/**
 * Gas per byte of strings and signature beyond the measured ones: 16 for calldata (40 where the
 * EIP-7623 calldata floor applies), plus copying and event data.
 */
const GAS_PER_BYTE = 48;
/** Headroom for state that differs from the measured one (warm/cold slots, longer ids): 10%. */
const MARGIN_PERCENT = 10n;

const table = gasTable as { nonceSlot: number; appKey: number; actions: Record<KithActionName, { gasLimit: number; perItem?: number }> };
/** What every signed action may need beyond its measured steady state: a new nonce slot and an app key's check. */
const signerOverhead = table.nonceSlot + table.appKey;

/** The bytes of a signed action that the measurement did not include: its strings and any signature bytes past 65. */
function extraBytes(signed: SignedAction): number {
  const message = signed.message as Record<string, unknown>;
  let bytes = Math.max(0, size(signed.signature as Hex) - 65);
  for (const { name, type } of KITH_ACTIONS[signed.action].fields) {
    if (type === "string") bytes += Buffer.byteLength(String(message[name]));
  }
  return bytes;
}

function items(signed: SignedAction): number {
  const message = signed.message as Record<string, unknown>;
  const ids = message.followeeIds ?? message.blockedIds;
  return Array.isArray(ids) ? Math.max(1, ids.length) : 1;
}

/** The gas budget of `signed` when its signature is verified as `kind`. */
export function gasBudget(signed: SignedAction, kind: SignatureKind, allowances: GasAllowances = DEFAULT_GAS_ALLOWANCES): bigint {
  const { gasLimit, perItem = 0 } = table.actions[signed.action];
  const measured = BigInt(gasLimit + perItem * (items(signed) - 1) + signerOverhead + GAS_PER_BYTE * extraBytes(signed));
  const verification = kind === "ecdsa" ? 0 : kind === "erc1271" ? allowances.erc1271 : allowances.erc6492 + allowances.erc1271;
  return (measured * (100n + MARGIN_PERCENT)) / 100n + BigInt(verification);
}

/** Every action's budget for an ECDSA signer with no strings (what `GET /info` shows). */
export function baseBudgets(): Record<KithActionName, number> {
  return Object.fromEntries(
    Object.entries(table.actions).map(([action, { gasLimit }]) => [action, Number((BigInt(gasLimit + signerOverhead) * (100n + MARGIN_PERCENT)) / 100n)]),
  ) as Record<KithActionName, number>;
}
