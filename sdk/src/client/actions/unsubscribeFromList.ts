import { kithModerationAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface UnsubscribeFromListParameters extends WalletWriteOptions {
  profileId: bigint;
  listId: bigint;
}
export type UnsubscribeFromListReturnType = WriteResult;
export type UnsubscribeFromListErrorType = KithClientError;

/**
 * `profileId` stops applying list `listId`.
 * @example
 * await client.unsubscribeFromList({ profileId: 1n, listId: 1n });
 */
export async function unsubscribeFromList(context: KithContext, { profileId, listId, ...options }: UnsubscribeFromListParameters): Promise<UnsubscribeFromListReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithModeration", abi: kithModerationAbi, functionName: "unsubscribeFromList", args: [profileId, listId] },
    options,
  );
  return { transactionHash, blockNumber };
}
