import type { GraphQLRequestError } from "../../graphql.ts";
import type { AppKeysQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";

export interface AppKeysParameters {
  profileId: bigint;
  /** Revoked and expired keys too. */
  includeInactive?: boolean;
}
export type AppKeysReturnType = NonNullable<AppKeysQuery["profile"]>["appKeys"]["items"];
export type AppKeysErrorType = GraphQLRequestError;

/**
 * The app keys that may act for a profile now, newest first.
 * @example
 * const keys = await client.appKeys({ profileId: 1n });
 */
export async function appKeys(context: KithContext, { profileId, includeInactive }: AppKeysParameters): Promise<AppKeysReturnType> {
  const { profile } = await request<AppKeysQuery>(context, "AppKeys", { profileId: String(profileId), includeInactive });
  return profile?.appKeys.items ?? [];
}
