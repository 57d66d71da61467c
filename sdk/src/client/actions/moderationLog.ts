import type { GraphQLRequestError } from "../../graphql.ts";
import type { ModerationLogQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";
import type { PageParameters } from "./page.ts";

export interface ModerationLogParameters extends PageParameters {
  channelId: bigint;
}
export type ModerationLogReturnType = NonNullable<ModerationLogQuery["channel"]>["moderationLog"] | null;
export type ModerationLogErrorType = GraphQLRequestError;

/**
 * A channel's moderation log, newest first: creation, rule and moderator changes, approvals, bans, unbans, hides, pins, and labels on its posts, each with its actor, reason and transaction. Null when there is no such channel.
 * @example
 * const log = await client.moderationLog({ channelId: 1n });
 */
export async function moderationLog(context: KithContext, { channelId, limit, after }: ModerationLogParameters): Promise<ModerationLogReturnType> {
  const data = await request<ModerationLogQuery>(context, "ModerationLog", { id: String(channelId), limit, after });
  return data.channel?.moderationLog ?? null;
}
