import type { WatchHomeFeedSubscription } from "../graphql.generated.ts";
import { subscribe, type WatchOptions } from "../request.ts";
import type { KithContext } from "../types.ts";

export interface WatchHomeFeedParameters extends WatchOptions<WatchHomeFeedSubscription["homeFeed"]> {
  profileId: bigint;
}
/** Ends the subscription. */
export type WatchHomeFeedReturnType = () => void;
/** Reported to `onError`: a dropped connection (then it reconnects) or a GraphQLRequestError (then it stops). */
export type WatchHomeFeedErrorType = Error;

/**
 * Each new post, quote or repost of `profileId`'s home feed, once indexed (blocks honoured). Server-Sent Events; reconnects when dropped.
 * @example
 * const stop = client.watchHomeFeed({ profileId: 1n, onData: (item) => console.log(item) });
 */
export function watchHomeFeed(context: KithContext, { profileId, onData, ...options }: WatchHomeFeedParameters): WatchHomeFeedReturnType {
  return subscribe<WatchHomeFeedSubscription>(context, "WatchHomeFeed", { profileId: String(profileId), viewerId: String(profileId) }, {
    ...options,
    onData: (data) => onData(data.homeFeed),
  });
}
