// App key scopes: the bits of contracts/libraries/Scopes.sol (a test proves them equal).

/** What an app key may do for a profile. Combine with `|`: `SCOPES.POST | SCOPES.REACT`. */
export const SCOPES = {
  /** post, reply, quote, repost and deletePost. */
  POST: 1n,
  /** like and unlike. */
  REACT: 2n,
  /** follow, unfollow and their batches. */
  FOLLOW: 4n,
  /** blockProfile, unblockProfile and blockBatch. */
  BLOCK: 8n,
  /** changeMetadata. */
  METADATA: 16n,
  /** Tips attributed to the profile. */
  TIP: 32n,
  /** Every scope an app key can hold. */
  ALL: 63n,
} as const;

export type ScopeName = Exclude<keyof typeof SCOPES, "ALL">;

/** The scope names set in `scopes`, in bit order (as GraphQL's `AppKey.scopes` lists them). */
export function scopeNames(scopes: bigint): ScopeName[] {
  return (Object.keys(SCOPES) as (keyof typeof SCOPES)[]).filter(
    (name): name is ScopeName => name !== "ALL" && (scopes & SCOPES[name]) !== 0n,
  );
}
