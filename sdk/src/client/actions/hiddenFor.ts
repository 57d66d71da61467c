import type { GraphQLRequestError } from "../../graphql.ts";
import type { HiddenForQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";

export interface HiddenForParameters {
  postId: bigint;
  viewerId: bigint;
}
export type HiddenForReturnType = NonNullable<HiddenForQuery["post"]>["hiddenFor"] | null;
export type HiddenForErrorType = GraphQLRequestError;

/**
 * Why `viewerId` is not shown `postId`: each reason (a HIDE label, a mute or block list, the viewer's own block, a channel moderator's hide or ban) with a sentence a person understands. Empty when it is shown; null when there is no such post.
 * @example
 * const reasons = await client.hiddenFor({ postId, viewerId: 2n });
 */
export async function hiddenFor(context: KithContext, { postId, viewerId }: HiddenForParameters): Promise<HiddenForReturnType> {
  const data = await request<HiddenForQuery>(context, "HiddenFor", { postId: String(postId), viewerId: String(viewerId) });
  return data.post?.hiddenFor ?? null;
}
