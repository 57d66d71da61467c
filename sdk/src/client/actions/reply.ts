import type { ContentError } from "../../content.ts";
import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions } from "../types.ts";
import { publish, type PublishResult } from "./publish.ts";

export interface ReplyParameters extends WriteOptions {
  profileId: bigint;
  /** The post (or reply) answered. */
  parentId: bigint;
  body: string;
  uri?: string;
}
export type ReplyReturnType = PublishResult;
export type ReplyErrorType = RelayerError | ContentError | KithClientError;

/**
 * Replies to `parentId` with `body`, uploaded.
 * @example
 * await client.reply({ profileId: 1n, parentId: postId, body: "agreed" });
 */
export function reply(context: KithContext, { profileId, parentId, body, uri, ...options }: ReplyParameters): Promise<ReplyReturnType> {
  return publish(context, "Reply", { profileId, targetId: parentId, body, uri }, options);
}
