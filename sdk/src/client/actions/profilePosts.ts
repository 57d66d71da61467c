import type { GraphQLRequestError } from "../../graphql.ts";
import type { ProfilePostsQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";
import type { PageParameters } from "./page.ts";

export interface ProfilePostsParameters extends PageParameters {
  profileId: bigint;
  /** Leaves out what points at profiles the viewer blocks (and everything, if the viewer blocks this profile). */
  viewerId?: bigint;
  includeReplies?: boolean;
}
export type ProfilePostsReturnType = NonNullable<ProfilePostsQuery["profile"]>["posts"] | null;
export type ProfilePostsErrorType = GraphQLRequestError;

/**
 * A profile's posts, quotes and reposts, newest first; null when there is no such profile.
 * @example
 * const page = await client.profilePosts({ profileId: 2n, includeReplies: true });
 */
export async function profilePosts(context: KithContext, { profileId, viewerId, includeReplies, limit, after }: ProfilePostsParameters): Promise<ProfilePostsReturnType> {
  const { profile } = await request<ProfilePostsQuery>(context, "ProfilePosts", {
    id: String(profileId),
    viewerId: viewerId?.toString(),
    includeReplies,
    limit,
    after,
  });
  return profile?.posts ?? null;
}
