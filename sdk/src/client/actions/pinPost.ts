import { kithChannelsAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface PinPostParameters extends WalletWriteOptions {
  channelId: bigint;
  /** The post to pin; 0 unpins. */
  postId: bigint;
}
export type PinPostReturnType = WriteResult;
export type PinPostErrorType = KithClientError;

/**
 * A moderator (the wallet) pins one post to the channel (0 unpins).
 * @example
 * await client.pinPost({ channelId: 1n, postId });
 */
export async function pinPost(context: KithContext, { channelId, postId, ...options }: PinPostParameters): Promise<PinPostReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithChannels", abi: kithChannelsAbi, functionName: "pinPost", args: [channelId, postId] },
    options,
  );
  return { transactionHash, blockNumber };
}
