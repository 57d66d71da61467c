import { type Address, parseEventLogs } from "viem";

import { kithModerationAbi } from "../../abis.ts";
import { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface CreateListParameters extends Omit<WalletWriteOptions, "waitFor"> {
  /** 1 to MAX_NAME_LENGTH bytes. */
  name: string;
  /** Who owns the list (default: the wallet; may be a Safe or a timelock). */
  owner?: Address;
  /** `mined` or `indexed` (default): the id is read from the receipt. */
  waitFor?: "mined" | "indexed";
}
export interface CreateListReturnType extends WriteResult {
  listId: bigint;
}
export type CreateListErrorType = KithClientError;

/**
 * Creates a moderation list of profiles; profiles subscribe to it as a mute or block list.
 * @example
 * const { listId } = await client.createList({ name: "known spammers" });
 */
export async function createList(context: KithContext, { name, owner, ...options }: CreateListParameters): Promise<CreateListReturnType> {
  const listOwner = owner ?? context.config.wallet?.account?.address;
  if (!listOwner) throw new KithClientError("no_wallet", "createList: the client has no wallet with an account to send it");
  const { transactionHash, blockNumber, logs = [] } = await sendContract(
    context,
    { contract: "KithModeration", abi: kithModerationAbi, functionName: "createList", args: [name, listOwner] },
    options,
  );
  const [created] = parseEventLogs({ abi: kithModerationAbi, eventName: "ListCreated", logs });
  if (!created) throw new KithClientError("reverted", `createList: transaction ${transactionHash} emitted no ListCreated`);
  return { transactionHash, blockNumber, listId: created.args.listId };
}
