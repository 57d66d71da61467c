import { kithTipsAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface TipParameters extends Omit<WriteOptions, "via" | "signer" | "lane" | "deadline"> {
  postId: bigint;
  /** Wei sent to the post's author's profile. */
  value: bigint;
  /** The tipping profile (the wallet must be its custody or an app key with the TIP scope); 0 or none: anonymous. */
  fromProfileId?: bigint;
}
export type TipReturnType = WriteResult;
export type TipErrorType = KithClientError;

/**
 * Tips a post in ETH, sent by the client's wallet (the payer pays: an ETH tip has no signed twin).
 * @example
 * await client.tip({ postId, value: parseEther("0.01"), fromProfileId: 1n });
 */
export async function tip(context: KithContext, { postId, value, fromProfileId = 0n, ...options }: TipParameters): Promise<TipReturnType> {
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithTips", abi: kithTipsAbi, functionName: "tip", args: [postId, fromProfileId], value },
    options,
  );
  return { transactionHash, blockNumber };
}
