import type { GraphQLRequestError } from "../../graphql.ts";
import type { ModerationSubscriptionsQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";

export interface ModerationSubscriptionsParameters {
  profileId: bigint;
}
export type ModerationSubscriptionsReturnType = ModerationSubscriptionsQuery["profile"];
export type ModerationSubscriptionsErrorType = GraphQLRequestError;

/**
 * The labelers (with the profile's policies for each) and the moderation lists (with their mode) a profile subscribes to; null when there is no such profile.
 * @example
 * const { labelerSubscriptions, listSubscriptions } = (await client.moderationSubscriptions({ profileId: 1n }))!;
 */
export async function moderationSubscriptions(context: KithContext, { profileId }: ModerationSubscriptionsParameters): Promise<ModerationSubscriptionsReturnType> {
  const data = await request<ModerationSubscriptionsQuery>(context, "ModerationSubscriptions", { profileId: String(profileId) });
  return data.profile;
}
