import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface LikeParameters extends WriteOptions {
  /** Who likes. */
  profileId: bigint;
  /** The post liked. */
  postId: bigint;
}
export type LikeReturnType = WriteResult;
export type LikeErrorType = RelayerError | KithClientError;

/**
 * Likes `postId` as `profileId` (app key scope REACT).
 * @example
 * await client.like({ profileId: 1n, postId });
 */
export function like(context: KithContext, { profileId, postId, ...options }: LikeParameters): Promise<LikeReturnType> {
  return writeAction(context, "Like", { profileId, postId }, options);
}
