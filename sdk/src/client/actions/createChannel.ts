import { type Address, parseEventLogs, zeroAddress } from "viem";

import { kithChannelsAbi } from "../../abis.ts";
import { KithClientError } from "../errors.ts";
import { CHANNEL_MEMBERSHIPS } from "../../typedData.ts";
import type { Membership } from "../moderation.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface CreateChannelParameters extends Omit<WalletWriteOptions, "waitFor"> {
  /** 3 to 16 characters of a-z, 0-9 and _, unique among channels. */
  name: string;
  /** Who owns it (default: the wallet; may be a Safe or a Governor's timelock). */
  owner?: Address;
  /** Who may join (default OPEN). */
  membership?: Membership;
  /** TOKEN_GATED only: the ERC-20 or ERC-721 the joining custody must hold, and how much of it. */
  gateToken?: Address;
  minBalance?: bigint;
  /** `mined` or `indexed` (default): the id is read from the receipt. */
  waitFor?: "mined" | "indexed";
}
export interface CreateChannelReturnType extends WriteResult {
  channelId: bigint;
}
export type CreateChannelErrorType = KithClientError;

/**
 * Creates a channel; its owner counts as a moderator.
 * @example
 * const { channelId } = await client.createChannel({ name: "builders", membership: "OPEN" });
 */
export async function createChannel(
  context: KithContext,
  { name, owner, membership = "OPEN", gateToken = zeroAddress, minBalance = 0n, ...options }: CreateChannelParameters,
): Promise<CreateChannelReturnType> {
  const channelOwner = owner ?? context.config.wallet?.account?.address;
  if (!channelOwner) throw new KithClientError("no_wallet", "createChannel: the client has no wallet with an account to send it");
  const { transactionHash, blockNumber, logs = [] } = await sendContract(
    context,
    {
      contract: "KithChannels",
      abi: kithChannelsAbi,
      functionName: "createChannel",
      args: [name, channelOwner, CHANNEL_MEMBERSHIPS[membership], gateToken, minBalance],
    },
    options,
  );
  const [created] = parseEventLogs({ abi: kithChannelsAbi, eventName: "ChannelCreated", logs });
  if (!created) throw new KithClientError("reverted", `createChannel: transaction ${transactionHash} emitted no ChannelCreated`);
  return { transactionHash, blockNumber, channelId: created.args.channelId };
}
