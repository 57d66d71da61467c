import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface UnfollowParameters extends WriteOptions {
  /** Who follows. */
  followerId: bigint;
  /** Who is followed. */
  followeeId: bigint;
}
export type UnfollowReturnType = WriteResult;
export type UnfollowErrorType = RelayerError | KithClientError;

/**
 * `followerId` stops following `followeeId`.
 * @example
 * await client.unfollow({ followerId: 1n, followeeId: 2n });
 */
export function unfollow(context: KithContext, { followerId, followeeId, ...options }: UnfollowParameters): Promise<UnfollowReturnType> {
  return writeAction(context, "Unfollow", { followerId, followeeId }, options);
}
