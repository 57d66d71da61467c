import { kithTipsAbi } from "../../abis.ts";
import { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { settle } from "../write.ts";

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
  const wallet = context.config.wallet;
  if (!wallet?.account) throw new KithClientError("no_wallet", "tip: the client has no wallet with an account to pay");
  options.onStatus?.({ status: "signing" });
  const transactionHash = await wallet.writeContract({
    address: (await context.deployment()).contracts.KithTips.address,
    abi: kithTipsAbi,
    functionName: "tip",
    args: [postId, fromProfileId],
    value,
    account: wallet.account,
    chain: context.publicClient.chain,
  });
  options.onStatus?.({ status: "pending", transactionHash });
  if (options.waitFor === "pending") return { transactionHash };
  return { transactionHash, blockNumber: await settle(context, transactionHash, options) };
}
