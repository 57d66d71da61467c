// The IPFS names of a body: the CIDv1 of its bytes with the raw codec and sha2-256, whose
// multihash digest is the sha256 the chain records. No I/O here: tests and scripts import it too.
import type { MultibaseDecoder } from "multiformats/bases/interface";
import { bases } from "multiformats/basics";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";

const RAW_CODEC = 0x55;

/** The CIDv1 (raw, sha2-256, base32) of the bytes whose sha256 is `digest`. */
export function cidOf(digest: `0x${string}`): string {
  return CID.create(1, RAW_CODEC, Digest.create(sha256.code, Buffer.from(digest.slice(2), "hex"))).toString();
}

/** Every multibase multiformats knows, by prefix (CID.parse alone reads base32, base36 and base58btc). */
const multibases = new Map<string, MultibaseDecoder<string>>(
  Object.values(bases).map((base) => [base.prefix, base.decoder as MultibaseDecoder<string>]),
);

/** The sha256 digest a CID names (in any multibase), or undefined when it is not a CIDv1 raw sha2-256. */
export function digestOfCid(text: string): `0x${string}` | undefined {
  try {
    const cid = CID.parse(text, multibases.get(String.fromCodePoint(text.codePointAt(0) ?? 0)));
    if (cid.version !== 1 || cid.code !== RAW_CODEC || cid.multihash.code !== sha256.code) return undefined;
    return `0x${Buffer.from(cid.multihash.digest).toString("hex")}`;
  } catch {
    return undefined;
  }
}
