import type { GraphQLRequestError } from "../../graphql.ts";
import type { HomeFeedQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";
import type { PageParameters } from "./page.ts";

export interface HomeFeedParameters extends PageParameters {
  /** Whose feed. */
  profileId: bigint;
}
export type HomeFeedReturnType = HomeFeedQuery["homeFeed"];
export type HomeFeedErrorType = GraphQLRequestError;

/**
 * Posts, quotes and reposts by the profiles `profileId` follows, newest first (blocks, mute and block lists, and HIDE labels honoured; each post's `labels` are those of the profile's labelers).
 * @example
 * const { items, pageInfo } = await client.homeFeed({ profileId: 1n, limit: 20 });
 */
export async function homeFeed(context: KithContext, { profileId, limit, after }: HomeFeedParameters): Promise<HomeFeedReturnType> {
  return (await request<HomeFeedQuery>(context, "HomeFeed", { profileId: String(profileId), viewerId: String(profileId), limit, after })).homeFeed;
}
