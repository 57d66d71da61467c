import { kithModerationAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface AddListMembersParameters extends WalletWriteOptions {
  listId: bigint;
  /** 1 to MAX_BATCH profile ids. */
  profileIds: readonly bigint[];
}
export type AddListMembersReturnType = WriteResult;
export type AddListMembersErrorType = KithClientError;

/**
 * Adds profiles to a moderation list the wallet owns.
 * @example
 * await client.addListMembers({ listId, profileIds: [3n, 4n] });
 */
export async function addListMembers(context: KithContext, { listId, profileIds, ...options }: AddListMembersParameters): Promise<AddListMembersReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithModeration", abi: kithModerationAbi, functionName: "addListMembers", args: [listId, profileIds] },
    options,
  );
  return { transactionHash, blockNumber };
}
