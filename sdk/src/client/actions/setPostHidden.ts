import { kithChannelsAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface SetPostHiddenParameters extends WalletWriteOptions {
  channelId: bigint;
  postId: bigint;
  /** true hides, false shows it again. */
  hidden: boolean;
  /** Why, logged in the moderation log. */
  reason: string;
}
export type SetPostHiddenReturnType = WriteResult;
export type SetPostHiddenErrorType = KithClientError;

/**
 * A moderator (the wallet) hides a post from the channel feed, or shows it again.
 * @example
 * await client.setPostHidden({ channelId: 1n, postId, hidden: true, reason: "off topic" });
 */
export async function setPostHidden(context: KithContext, { channelId, postId, hidden, reason, ...options }: SetPostHiddenParameters): Promise<SetPostHiddenReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithChannels", abi: kithChannelsAbi, functionName: "setPostHidden", args: [channelId, postId, hidden, reason] },
    options,
  );
  return { transactionHash, blockNumber };
}
