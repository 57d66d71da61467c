import { type Address } from "viem";

import { kithModerationAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface UnsubscribeFromLabelerParameters extends WalletWriteOptions {
  /** The subscribing profile (the wallet is its custody or an app key with the BLOCK scope). */
  profileId: bigint;
  labeler: Address;
}
export type UnsubscribeFromLabelerReturnType = WriteResult;
export type UnsubscribeFromLabelerErrorType = KithClientError;

/**
 * `profileId` stops applying `labeler`'s labels (its policies for it are forgotten).
 * @example
 * await client.unsubscribeFromLabeler({ profileId: 1n, labeler: "0x..." });
 */
export async function unsubscribeFromLabeler(context: KithContext, { profileId, labeler, ...options }: UnsubscribeFromLabelerParameters): Promise<UnsubscribeFromLabelerReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithModeration", abi: kithModerationAbi, functionName: "unsubscribeFromLabeler", args: [profileId, labeler] },
    options,
  );
  return { transactionHash, blockNumber };
}
