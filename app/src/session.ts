// What the browser keeps: which profile the wallet acts as, and the app key it granted ("sign in
// once"). The app key's private key stays in localStorage; it can only post and react until expiry.
import type { Address, Hex } from "viem";

export interface StoredAppKey {
  privateKey: Hex;
  key: Address;
  expiry: string;
  profileId: string;
}

const profileKey = (chainId: number, address: Address) => `kith:${chainId}:${address.toLowerCase()}:profile`;
const appKeyKey = (chainId: number, profileId: bigint) => `kith:${chainId}:${profileId}:appKey`;

export const session = {
  profile(chainId: number, address: Address): { id: string; handle: string } | null {
    return JSON.parse(localStorage.getItem(profileKey(chainId, address)) ?? "null");
  },
  setProfile(chainId: number, address: Address, profile: { id: string; handle: string } | null) {
    if (profile) localStorage.setItem(profileKey(chainId, address), JSON.stringify(profile));
    else localStorage.removeItem(profileKey(chainId, address));
  },
  /** The app key, unless missing or expired. */
  appKey(chainId: number, profileId: bigint): StoredAppKey | null {
    const stored = JSON.parse(localStorage.getItem(appKeyKey(chainId, profileId)) ?? "null") as StoredAppKey | null;
    return stored && BigInt(stored.expiry) > BigInt(Math.floor(Date.now() / 1000)) ? stored : null;
  },
  setAppKey(chainId: number, profileId: bigint, appKey: StoredAppKey | null) {
    if (appKey) localStorage.setItem(appKeyKey(chainId, profileId), JSON.stringify(appKey));
    else localStorage.removeItem(appKeyKey(chainId, profileId));
  },
};
