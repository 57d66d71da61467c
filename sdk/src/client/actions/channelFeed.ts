import type { GraphQLRequestError } from "../../graphql.ts";
import type { ChannelFeedQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";
import type { PageParameters } from "./page.ts";

export interface ChannelFeedParameters extends PageParameters {
  channelId: bigint;
  viewerId?: bigint;
}
export type ChannelFeedReturnType = NonNullable<ChannelFeedQuery["channel"]>["posts"] | null;
export type ChannelFeedErrorType = GraphQLRequestError;

/**
 * A channel's posts, newest first, without deleted posts, posts its moderators hid and posts by banned members; with `viewerId`, the viewer's blocks, lists and labelers apply too. Null when there is no such channel.
 * @example
 * const page = await client.channelFeed({ channelId: 1n, viewerId: 2n, limit: 20 });
 */
export async function channelFeed(context: KithContext, { channelId, viewerId, limit, after }: ChannelFeedParameters): Promise<ChannelFeedReturnType> {
  const data = await request<ChannelFeedQuery>(context, "ChannelFeed", { id: String(channelId), viewerId: viewerId?.toString(), limit, after });
  return data.channel?.posts ?? null;
}
