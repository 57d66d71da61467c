import { type Address } from "viem";

import { kithModerationAbi } from "../../abis.ts";
import type { KithClientError } from "../errors.ts";
import { LABEL_ACTIONS } from "../../typedData.ts";
import type { LabelAction } from "../moderation.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface SubscribeToLabelerParameters extends WalletWriteOptions {
  /** The subscribing profile (the wallet is its custody or an app key with the BLOCK scope). */
  profileId: bigint;
  /** Any address that labels (an account, a Safe, a timelock). */
  labeler: Address;
  /** What each label value does for the profile; values without a policy WARN. Calling again adds or changes policies. */
  policies?: Record<string, LabelAction>;
}
export type SubscribeToLabelerReturnType = WriteResult;
export type SubscribeToLabelerErrorType = KithClientError;

/**
 * `profileId` applies `labeler`'s labels to what it is shown, each value as its policy says.
 * @example
 * await client.subscribeToLabeler({ profileId: 1n, labeler: "0x...", policies: { spam: "HIDE", nsfw: "WARN" } });
 */
export async function subscribeToLabeler(
  context: KithContext,
  { profileId, labeler, policies = {}, ...options }: SubscribeToLabelerParameters,
): Promise<SubscribeToLabelerReturnType> {
  const values = Object.keys(policies);
  const actions = values.map((value) => LABEL_ACTIONS[policies[value]!]);
  const { transactionHash, blockNumber } = await sendContract(
    context,
    { contract: "KithModeration", abi: kithModerationAbi, functionName: "subscribeToLabeler", args: [profileId, labeler, values, actions] },
    options,
  );
  return { transactionHash, blockNumber };
}
