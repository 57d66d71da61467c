import { type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { type KithSigner, viemSigner } from "../../actions.ts";
import type { RelayerError } from "../../relayer.ts";
import { SCOPES } from "../../scopes.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface GrantAppKeyParameters extends WriteOptions {
  profileId: bigint;
  /** SCOPES bits (default: POST | REACT). */
  scopes?: bigint;
  /** Seconds the key stays valid (default 7 days). */
  expiresIn?: number;
  /** The key's private key (default: a new random one). */
  privateKey?: Hex;
}
export interface GrantAppKeyReturnType extends WriteResult {
  /** Keep it where the app can sign with it (it may act for the profile within its scopes until `expiry`). */
  privateKey: Hex;
  key: Address;
  expiry: bigint;
  scopes: bigint;
  /** The key as a signer: pass it as `signer` to actions (or to createKithClient). */
  signer: KithSigner;
}
export type GrantAppKeyErrorType = RelayerError | KithClientError;

/**
 * "Sign in once": the custody signs one AddAppKey (the relayer pays), granting a new key the
 * scopes until an expiry; afterwards the app signs with the key, without a wallet prompt.
 * @example
 * const { signer } = await client.grantAppKey({ profileId: 1n, scopes: SCOPES.POST | SCOPES.REACT });
 * await client.post({ profileId: 1n, body: "no prompt", signer });
 */
export async function grantAppKey(
  context: KithContext,
  { profileId, scopes = SCOPES.POST | SCOPES.REACT, expiresIn = 7 * 24 * 3600, privateKey = generatePrivateKey(), ...options }: GrantAppKeyParameters,
): Promise<GrantAppKeyReturnType> {
  const account = privateKeyToAccount(privateKey);
  const expiry = BigInt(Math.floor(Date.now() / 1000) + expiresIn);
  const written = await writeAction(context, "AddAppKey", { profileId, key: account.address, scopes, expiry }, options);
  return { ...written, privateKey, key: account.address, expiry, scopes, signer: viemSigner(account) };
}
