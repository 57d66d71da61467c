import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface BlockParameters extends WriteOptions {
  /** Who blocks. */
  blockerId: bigint;
  /** Who is blocked. */
  blockedId: bigint;
}
export type BlockReturnType = WriteResult;
export type BlockErrorType = RelayerError | KithClientError;

/**
 * `blockerId` blocks `blockedId`: the follows between them end, feeds and notifications leave the blocked profile out.
 * @example
 * await client.block({ blockerId: 1n, blockedId: 3n });
 */
export function block(context: KithContext, { blockerId, blockedId, ...options }: BlockParameters): Promise<BlockReturnType> {
  return writeAction(context, "Block", { blockerId, blockedId }, options);
}
