import { kithChannelsAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface JoinChannelParameters extends WalletWriteOptions {
  /** The joining profile (the wallet is its custody or an app key with the FOLLOW scope). */
  profileId: bigint;
  channelId: bigint;
}
export type JoinChannelReturnType = WriteResult;
export type JoinChannelErrorType = KithClientError;

/**
 * `profileId` joins `channelId` (or asks to, when the channel needs approval).
 * @example
 * await client.joinChannel({ profileId: 2n, channelId: 1n });
 */
export async function joinChannel(context: KithContext, { profileId, channelId, ...options }: JoinChannelParameters): Promise<JoinChannelReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithChannels", abi: kithChannelsAbi, functionName: "joinChannel", args: [profileId, channelId] },
    options,
  );
  return { transactionHash, blockNumber };
}
