// The two readings every Kith service makes of what it is sent or told: an unsigned 256-bit
// integer written in decimal (ids, amounts, nonces travel as strings in JSON and GraphQL), and a
// contract revert (relayer, CLI and apps name the same error the same way).
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex, isHex } from "viem";

import { kithAbi, kithChannelsAbi, kithModerationAbi, kithTipsAbi } from "./abis.ts";

export const MAX_UINT256 = (1n << 256n) - 1n;

/** `value` as a uint256 when it is one written in decimal (or a safe integer), else undefined. */
export function parseUint256(value: unknown): bigint | undefined {
  const text = typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof text !== "string" || !/^\d{1,78}$/.test(text)) return undefined;
  const parsed = BigInt(text);
  return parsed <= MAX_UINT256 ? parsed : undefined;
}

/** A custom error of a Kith contract (Kith, KithTips, KithModeration, KithChannels): its name, its arguments, and their names. */
export interface KithRevert {
  errorName: string;
  args: readonly unknown[];
  argNames: string[];
}

const errorAbi = [...kithAbi, ...kithTipsAbi, ...kithModerationAbi, ...kithChannelsAbi].filter((item) => item.type === "error");

/**
 * The custom error a failed call or transaction reverted with, from a viem error (simulation,
 * write, estimate) or raw revert data; undefined when it is not one of Kith's contracts'.
 */
export function decodeKithRevert(error: unknown): KithRevert | undefined {
  let data: Hex | undefined;
  if (isHex(error)) data = error;
  else if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
    if (reverted?.data) {
      const inputs = "inputs" in reverted.data.abiItem ? reverted.data.abiItem.inputs : [];
      return { errorName: reverted.data.errorName, args: reverted.data.args ?? [], argNames: inputs.map((input, i) => input.name ?? String(i)) };
    }
    data = reverted?.raw ?? (error.walk((e) => isHex((e as { data?: unknown }).data)) as { data?: Hex } | null)?.data;
  }
  if (!data || data === "0x") return undefined;
  try {
    const decoded = decodeErrorResult({ abi: errorAbi, data });
    const inputs = "inputs" in decoded.abiItem ? decoded.abiItem.inputs : [];
    return { errorName: decoded.errorName, args: decoded.args ?? [], argNames: inputs.map((input, i) => input.name ?? String(i)) };
  } catch {
    return undefined;
  }
}

/** `HandleTaken(handle=alice, ownerId=1)`. */
export function formatKithRevert(revert: KithRevert): string {
  return `${revert.errorName}(${revert.args.map((value, i) => `${revert.argNames[i] ?? i}=${value}`).join(", ")})`;
}
