import type { GraphQLRequestError } from "../../graphql.ts";
import type { ThreadQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";
import type { PageParameters } from "./page.ts";

export interface ThreadParameters extends PageParameters {
  postId: bigint;
  /** Leaves out replies by profiles the viewer blocks. */
  viewerId?: bigint;
}
export type ThreadReturnType = ThreadQuery["post"];
export type ThreadErrorType = GraphQLRequestError;

/**
 * A post with its parent, its replies (oldest first) and their first replies; null when unknown.
 * @example
 * const thread = await client.thread({ postId, viewerId: 1n });
 */
export async function thread(context: KithContext, { postId, viewerId, limit, after }: ThreadParameters): Promise<ThreadReturnType> {
  return (await request<ThreadQuery>(context, "Thread", { postId: String(postId), viewerId: viewerId?.toString(), limit, after })).post;
}
