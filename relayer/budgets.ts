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

/** relayer/gasTable.json, written by `npm run gas`. */
export interface GasTable {
  nonceSlot: number;
  appKey: number;
  actions: Record<KithActionName, { gasLimit: number; perItem?: number }>;
}

const measuredTable = gasTable as GasTable;

/** The budget of an action's measured gas limit plus what every signer may add: a new nonce slot, an app key's check, and the margin. */
const withOverhead = (table: GasTable, gas: number) => (BigInt(gas + table.nonceSlot + table.appKey) * (100n + MARGIN_PERCENT)) / 100n;

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
export function gasBudget(signed: SignedAction, kind: SignatureKind, allowances: GasAllowances = DEFAULT_GAS_ALLOWANCES, table = measuredTable): bigint {
  const { gasLimit, perItem = 0 } = table.actions[signed.action];
  const verification = kind === "ecdsa" ? 0 : kind === "erc1271" ? allowances.erc1271 : allowances.erc6492 + allowances.erc1271;
  return withOverhead(table, gasLimit + perItem * (items(signed) - 1) + GAS_PER_BYTE * extraBytes(signed)) + BigInt(verification);
}

/** Every action's budget for an ECDSA signer, no strings and one id (what `GET /info` shows), and gas per further id of a batch. */
export function baseBudgets(table = measuredTable): Record<KithActionName, { gas: number; perItem?: number }> {
  return Object.fromEntries(
    Object.entries(table.actions).map(([action, { gasLimit, perItem }]) => [
      action,
      { gas: Number(withOverhead(table, gasLimit)), ...(perItem === undefined ? {} : { perItem: Math.ceil((perItem * Number(100n + MARGIN_PERCENT)) / 100) }) },
    ]),
  ) as Record<KithActionName, { gas: number; perItem?: number }>;
}
