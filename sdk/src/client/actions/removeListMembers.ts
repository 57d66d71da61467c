import { kithModerationAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface RemoveListMembersParameters extends WalletWriteOptions {
  listId: bigint;
  /** 1 to MAX_BATCH profile ids. */
  profileIds: readonly bigint[];
}
export type RemoveListMembersReturnType = WriteResult;
export type RemoveListMembersErrorType = KithClientError;

/**
 * Removes profiles from a moderation list the wallet owns.
 * @example
 * await client.removeListMembers({ listId, profileIds: [3n] });
 */
export async function removeListMembers(context: KithContext, { listId, profileIds, ...options }: RemoveListMembersParameters): Promise<RemoveListMembersReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithModeration", abi: kithModerationAbi, functionName: "removeListMembers", args: [listId, profileIds] },
    options,
  );
  return { transactionHash, blockNumber };
}
