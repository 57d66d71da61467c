import { kithChannelsAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface SetBannedParameters extends WalletWriteOptions {
  channelId: bigint;
  profileId: bigint;
  /** true bans, false lifts the ban. */
  banned: boolean;
  /** Why, logged in the moderation log (up to MAX_REASON_LENGTH bytes). */
  reason: string;
}
export type SetBannedReturnType = WriteResult;
export type SetBannedErrorType = KithClientError;

/**
 * A moderator (the wallet) bans `profileId` from the channel or lifts its ban; a ban takes its posts out of the channel feed.
 * @example
 * await client.setBanned({ channelId: 1n, profileId: 2n, banned: true, reason: "spam" });
 */
export async function setBanned(context: KithContext, { channelId, profileId, banned, reason, ...options }: SetBannedParameters): Promise<SetBannedReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithChannels", abi: kithChannelsAbi, functionName: "setBanned", args: [channelId, profileId, banned, reason] },
    options,
  );
  return { transactionHash, blockNumber };
}
