import { kithChannelsAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface LeaveChannelParameters extends WalletWriteOptions {
  profileId: bigint;
  channelId: bigint;
}
export type LeaveChannelReturnType = WriteResult;
export type LeaveChannelErrorType = KithClientError;

/**
 * `profileId` leaves `channelId` (or withdraws its request).
 * @example
 * await client.leaveChannel({ profileId: 2n, channelId: 1n });
 */
export async function leaveChannel(context: KithContext, { profileId, channelId, ...options }: LeaveChannelParameters): Promise<LeaveChannelReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithChannels", abi: kithChannelsAbi, functionName: "leaveChannel", args: [profileId, channelId] },
    options,
  );
  return { transactionHash, blockNumber };
}
