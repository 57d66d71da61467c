import { type Hex, encodeAbiParameters, isHex, keccak256, sha256, toBytes } from "viem";

/** Kinds of post, numbered as the contract's `IKithPosts.PostKind`. */
export const PostKind = { Post: 0, Reply: 1, Quote: 2, Repost: 3 } as const;
export type PostKind = (typeof PostKind)[keyof typeof PostKind];

/**
 * The digest a post records: sha256 of the body's bytes (UTF-8 for strings). sha256 lets anyone
 * derive the IPFS CIDv1 (raw codec, sha2-256 multihash) of the same bytes.
 */
export function contentHash(body: string | Uint8Array): Hex {
  return sha256(typeof body === "string" ? toBytes(body) : body);
}

/** The id the contract gives a post (see `IKithPosts`): known before the transaction is sent. */
export function computePostId(profileId: bigint, kind: PostKind, targetId: bigint, digest: Hex): bigint {
  if (!isHex(digest) || digest.length !== 66) throw new Error(`digest must be 32 bytes of hex, got ${digest}`);
  const hash = keccak256(
    encodeAbiParameters(
      [{ type: "uint256" }, { type: "uint8" }, { type: "uint256" }, { type: "bytes32" }],
      [profileId, kind, targetId, digest],
    ),
  );
  return (profileId << 160n) | (BigInt(hash) & ((1n << 160n) - 1n));
}

/** The author's profile id, encoded in the top 96 bits of every post id. */
export function authorOf(postId: bigint): bigint {
  return postId >> 160n;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * The IPFS CIDv1 (raw codec 0x55, sha2-256 multihash, base32 "b...") of the bytes whose sha256 is
 * `digest`: the name IPFS gateways and the indexer's `/ipfs/<cid>` serve the body under.
 */
export function cidOfDigest(digest: Hex): string {
  if (!isHex(digest) || digest.length !== 66) throw new Error(`digest must be 32 bytes of hex, got ${digest}`);
  const bytes = [0x01, 0x55, 0x12, 0x20, ...toBytes(digest)];
  let out = "b";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}
