import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface RepostParameters extends WriteOptions {
  /** The reposting profile. */
  profileId: bigint;
  /** The post reposted. */
  repostedId: bigint;
}
export type RepostReturnType = WriteResult;
export type RepostErrorType = RelayerError | KithClientError;

/**
 * Reposts `repostedId` as `profileId`.
 * @example
 * await client.repost({ profileId: 1n, repostedId: postId });
 */
export function repost(context: KithContext, { profileId, repostedId, ...options }: RepostParameters): Promise<RepostReturnType> {
  return writeAction(context, "Repost", { profileId, repostedId }, options);
}
