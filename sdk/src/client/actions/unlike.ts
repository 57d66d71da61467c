import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface UnlikeParameters extends WriteOptions {
  /** Who liked. */
  profileId: bigint;
  /** The post. */
  postId: bigint;
}
export type UnlikeReturnType = WriteResult;
export type UnlikeErrorType = RelayerError | KithClientError;

/**
 * Takes a like back.
 * @example
 * await client.unlike({ profileId: 1n, postId });
 */
export function unlike(context: KithContext, { profileId, postId, ...options }: UnlikeParameters): Promise<UnlikeReturnType> {
  return writeAction(context, "Unlike", { profileId, postId }, options);
}
