import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface FollowParameters extends WriteOptions {
  /** Who follows. */
  followerId: bigint;
  /** Who is followed. */
  followeeId: bigint;
}
export type FollowReturnType = WriteResult;
export type FollowErrorType = RelayerError | KithClientError;

/**
 * `followerId` follows `followeeId` (app key scope FOLLOW).
 * @example
 * await client.follow({ followerId: 1n, followeeId: 2n });
 */
export function follow(context: KithContext, { followerId, followeeId, ...options }: FollowParameters): Promise<FollowReturnType> {
  return writeAction(context, "Follow", { followerId, followeeId }, options);
}
