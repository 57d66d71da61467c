import { kithChannelsAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface ApproveMemberParameters extends WalletWriteOptions {
  channelId: bigint;
  /** A profile that asked to join. */
  profileId: bigint;
}
export type ApproveMemberReturnType = WriteResult;
export type ApproveMemberErrorType = KithClientError;

/**
 * A moderator (the wallet) approves the request of `profileId` to join.
 * @example
 * await client.approveMember({ channelId: 1n, profileId: 2n });
 */
export async function approveMember(context: KithContext, { channelId, profileId, ...options }: ApproveMemberParameters): Promise<ApproveMemberReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithChannels", abi: kithChannelsAbi, functionName: "approveMember", args: [channelId, profileId] },
    options,
  );
  return { transactionHash, blockNumber };
}
