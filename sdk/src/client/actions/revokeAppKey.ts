import type { Address } from "viem";

import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface RevokeAppKeyParameters extends WriteOptions {
  profileId: bigint;
  key: Address;
}
export type RevokeAppKeyReturnType = WriteResult;
export type RevokeAppKeyErrorType = RelayerError | KithClientError;

/**
 * Revokes one app key of a profile (signed by its custody).
 * @example
 * await client.revokeAppKey({ profileId: 1n, key: "0x..." });
 */
export function revokeAppKey(context: KithContext, { profileId, key, ...options }: RevokeAppKeyParameters): Promise<RevokeAppKeyReturnType> {
  return writeAction(context, "RevokeAppKey", { profileId, key }, options);
}
