import type { GraphQLRequestError } from "../../graphql.ts";
import type { ChannelQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";

export type ChannelParameters = ({ id: bigint; name?: never } | { name: string; id?: never }) & {
  /** Adds `viewerStatus` (null: not a member) and applies the viewer's labelers to the pinned post's labels. */
  viewerId?: bigint;
};
export type ChannelReturnType = ChannelQuery["channel"];
export type ChannelErrorType = GraphQLRequestError;

/**
 * A channel by id or name: rules, owner, moderators, pinned post, members (and requests and bans); with `viewerId`, its standing in the channel. Null when there is none.
 * @example
 * const builders = await client.channel({ name: "builders", viewerId: 1n });
 */
export async function channel(context: KithContext, { id, name, viewerId }: ChannelParameters): Promise<ChannelReturnType> {
  const data = await request<ChannelQuery>(context, "Channel", { id: id?.toString(), name, viewerId: viewerId?.toString(), memberId: viewerId?.toString() });
  return data.channel;
}
