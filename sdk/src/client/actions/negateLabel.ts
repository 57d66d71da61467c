import { kithModerationAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface NegateLabelParameters extends WalletWriteOptions {
  subject: bigint;
  value: string;
}
export type NegateLabelReturnType = WriteResult;
export type NegateLabelErrorType = KithClientError;

/**
 * Takes the wallet's label `value` off `subject` (until labelled again).
 * @example
 * await client.negateLabel({ subject: postId, value: "spam" });
 */
export async function negateLabel(context: KithContext, { subject, value, ...options }: NegateLabelParameters): Promise<NegateLabelReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithModeration", abi: kithModerationAbi, functionName: "negateLabel", args: [subject, value] },
    options,
  );
  return { transactionHash, blockNumber };
}
