import { kithModerationAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface LabelParameters extends WalletWriteOptions {
  /** A post id or a profile id. */
  subject: bigint;
  /** 1 to 64 bytes of a-z, 0-9 and -, e.g. "spam". */
  value: string;
  /** Unix seconds after which the label no longer applies (default 0: never). */
  expiry?: bigint;
}
export type LabelReturnType = WriteResult;
export type LabelErrorType = KithClientError;

/**
 * Labels a post or a profile with `value`, as the wallet's address (any address may label; viewers choose whose labels apply to them).
 * @example
 * await client.label({ subject: postId, value: "spam", expiry: 0n });
 */
export async function label(context: KithContext, { subject, value, expiry = 0n, ...options }: LabelParameters): Promise<LabelReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithModeration", abi: kithModerationAbi, functionName: "label", args: [subject, value, expiry] },
    options,
  );
  return { transactionHash, blockNumber };
}
