import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface UnblockParameters extends WriteOptions {
  /** Who blocked. */
  blockerId: bigint;
  /** Who was blocked. */
  blockedId: bigint;
}
export type UnblockReturnType = WriteResult;
export type UnblockErrorType = RelayerError | KithClientError;

/**
 * Lifts a block.
 * @example
 * await client.unblock({ blockerId: 1n, blockedId: 3n });
 */
export function unblock(context: KithContext, { blockerId, blockedId, ...options }: UnblockParameters): Promise<UnblockReturnType> {
  return writeAction(context, "Unblock", { blockerId, blockedId }, options);
}
