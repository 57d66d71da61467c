import type { GraphQLRequestError } from "../../graphql.ts";
import type { ChannelsQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";
import type { PageParameters } from "./page.ts";

export type ChannelsParameters = PageParameters;
export type ChannelsReturnType = ChannelsQuery["channels"];
export type ChannelsErrorType = GraphQLRequestError;

/**
 * Channels, newest first.
 * @example
 * const { items } = await client.channels({ limit: 20 });
 */
export async function channels(context: KithContext, { limit, after }: ChannelsParameters): Promise<ChannelsReturnType> {
  const data = await request<ChannelsQuery>(context, "Channels", { limit, after });
  return data.channels;
}
