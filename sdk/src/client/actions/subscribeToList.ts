import { LIST_MODES } from "../../typedData.ts";
import type { ListMode } from "../moderation.ts";
import { kithModerationAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface SubscribeToListParameters extends WalletWriteOptions {
  /** The subscribing profile (the wallet is its custody or an app key with the BLOCK scope). */
  profileId: bigint;
  listId: bigint;
  /** MUTE: members' posts, replies and notifications are left out; BLOCK: as if each member were blocked. */
  mode: ListMode;
}
export type SubscribeToListReturnType = WriteResult;
export type SubscribeToListErrorType = KithClientError;

/**
 * `profileId` applies list `listId` as a mute or a block list (replacing an earlier mode).
 * @example
 * await client.subscribeToList({ profileId: 1n, listId: 1n, mode: "MUTE" });
 */
export async function subscribeToList(context: KithContext, { profileId, listId, mode, ...options }: SubscribeToListParameters): Promise<SubscribeToListReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithModeration", abi: kithModerationAbi, functionName: "subscribeToList", args: [profileId, listId, LIST_MODES[mode]] },
    options,
  );
  return { transactionHash, blockNumber };
}
