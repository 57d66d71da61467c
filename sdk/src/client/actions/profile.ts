import type { GraphQLRequestError } from "../../graphql.ts";
import { request } from "../request.ts";
import type { ProfileQuery } from "../graphql.generated.ts";
import type { KithContext } from "../types.ts";

export type ProfileParameters = ({ handle: string; id?: never } | { id: bigint; handle?: never }) & {
  /** Adds whether this profile follows the viewer and is followed by it. */
  viewerId?: bigint;
};
export type ProfileReturnType = ProfileQuery["profile"];
export type ProfileErrorType = GraphQLRequestError;

/**
 * A profile by handle or id, with its counts; null when there is none.
 * @example
 * const alice = await client.profile({ handle: "alice" });
 */
export async function profile(context: KithContext, { handle, id, viewerId }: ProfileParameters): Promise<ProfileReturnType> {
  const { profile: found } = await request<ProfileQuery>(context, "Profile", {
    handle,
    id: id?.toString(),
    viewerId: viewerId?.toString(),
  });
  return found;
}
