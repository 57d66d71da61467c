import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface DeletePostParameters extends WriteOptions {
  /** The author. */
  profileId: bigint;
  /** The post deleted. */
  postId: bigint;
}
export type DeletePostReturnType = WriteResult;
export type DeletePostErrorType = RelayerError | KithClientError;

/**
 * Deletes (tombstones) a post of `profileId`.
 * @example
 * await client.deletePost({ profileId: 1n, postId });
 */
export function deletePost(context: KithContext, { profileId, postId, ...options }: DeletePostParameters): Promise<DeletePostReturnType> {
  return writeAction(context, "DeletePost", { profileId, postId }, options);
}
