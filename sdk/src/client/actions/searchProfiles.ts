import type { GraphQLRequestError } from "../../graphql.ts";
import type { SearchProfilesQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";
import type { PageParameters } from "./page.ts";

export interface SearchProfilesParameters extends PageParameters {
  /** The start of a handle (lowercase). */
  prefix: string;
}
export type SearchProfilesReturnType = SearchProfilesQuery["searchProfiles"];
export type SearchProfilesErrorType = GraphQLRequestError;

/**
 * Profiles whose handle starts with `prefix`, in handle order.
 * @example
 * const { items } = await client.searchProfiles({ prefix: "al" });
 */
export async function searchProfiles(context: KithContext, { prefix, limit, after }: SearchProfilesParameters): Promise<SearchProfilesReturnType> {
  return (await request<SearchProfilesQuery>(context, "SearchProfiles", { prefix, limit, after })).searchProfiles;
}
