import type { GraphQLRequestError } from "../../graphql.ts";
import type { NotificationsQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";
import type { PageParameters } from "./page.ts";

export interface NotificationsParameters extends PageParameters {
  /** Whose notifications. */
  profileId: bigint;
}
export type NotificationsReturnType = NotificationsQuery["notifications"];
export type NotificationsErrorType = GraphQLRequestError;

/**
 * New followers, replies, quotes, reposts, likes and tips of `profileId`, newest first.
 * @example
 * const { items } = await client.notifications({ profileId: 1n });
 */
export async function notifications(context: KithContext, { profileId, limit, after }: NotificationsParameters): Promise<NotificationsReturnType> {
  return (await request<NotificationsQuery>(context, "Notifications", { profileId: String(profileId), limit, after })).notifications;
}
