import type { WatchNotificationsSubscription } from "../graphql.generated.ts";
import { subscribe, type WatchOptions } from "../request.ts";
import type { KithContext } from "../types.ts";

export interface WatchNotificationsParameters extends WatchOptions<WatchNotificationsSubscription["notifications"]> {
  profileId: bigint;
}
/** Ends the subscription. */
export type WatchNotificationsReturnType = () => void;
/** Reported to `onError`: a dropped connection (then it reconnects) or a GraphQLRequestError (then it stops). */
export type WatchNotificationsErrorType = Error;

/**
 * Each new notification of `profileId`, once indexed. Server-Sent Events; reconnects when dropped.
 * @example
 * const stop = client.watchNotifications({ profileId: 1n, onData: (item) => console.log(item) });
 */
export function watchNotifications(context: KithContext, { profileId, onData, ...options }: WatchNotificationsParameters): WatchNotificationsReturnType {
  return subscribe<WatchNotificationsSubscription>(context, "WatchNotifications", { profileId: String(profileId) }, {
    ...options,
    onData: (data) => onData(data.notifications),
  });
}
