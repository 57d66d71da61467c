import { type Address, type Hex, zeroAddress } from "viem";

import type { RelayerError } from "../../relayer.ts";
import { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";
import { profile as getProfile } from "./profile.ts";

export interface RegisterParameters extends WriteOptions {
  /** 3 to 16 characters of a-z, 0-9 and _, starting with a letter. */
  handle: string;
  /** Who owns the profile (default: the signer). */
  custody?: Address;
  /** Who may recover it (default: none). */
  recovery?: Address;
  /** sha256 of the profile's metadata document (default: none). */
  metadataHash?: Hex;
}
export interface RegisterReturnType extends WriteResult {
  profileId: bigint;
}
export type RegisterErrorType = RelayerError | KithClientError;

/**
 * Registers a profile with `handle`; its custody signs, the relayer pays.
 * @example
 * const { profileId } = await client.register({ handle: "zed" });
 */
export async function register(context: KithContext, { handle, custody, recovery = zeroAddress, metadataHash = `0x${"0".repeat(64)}`, ...options }: RegisterParameters): Promise<RegisterReturnType> {
  const owner = custody ?? options.signer?.address ?? context.config.signer?.address ?? context.config.wallet?.account?.address;
  if (!owner) throw new KithClientError("no_signer", "register: no custody given and the client has no signer");
  const written = await writeAction(context, "Register", { custody: owner, handle, recovery, metadataHash }, { ...options, waitFor: "indexed" });
  const profile = await getProfile(context, { handle });
  if (!profile) throw new KithClientError("timeout", `register: ${handle} was indexed but is not found`);
  return { ...written, profileId: BigInt(profile.id) };
}
