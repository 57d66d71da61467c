// The file `kith export` writes and `kith verify` / `kith import` read: one profile with its graph,
// posts and bodies, each item with the chain facts of the event that recorded it, so anyone can
// check it against any RPC of the source chain without trusting the indexer that made the file.
//
// On disk it is JSON: bigints as decimal strings, bodies as base64. `parseKithExport` checks every
// field and names the first bad one; `stringifyKithExport` is its inverse.
import { type Address, getAddress, type Hash, isAddress } from "viem";

export const KITH_EXPORT_FORMAT = "kith-export";
export const KITH_EXPORT_VERSION = 1;

/** The log that recorded an item: check it with `eth_getTransactionReceipt(transactionHash)`. */
export interface ChainFact {
  chainId: number;
  /** The contract that emitted the log (Kith). */
  contract: Address;
  blockNumber: bigint;
  blockHash: Hash;
  transactionHash: Hash;
  /** Index of the log in its block (as `eth_getLogs` and receipts report it). */
  logIndex: number;
}

export type ExportedPostKind = "post" | "reply" | "quote" | "repost";

/** A live post, reply, quote or repost, as its `Posted` event recorded it. */
export interface ExportedPost {
  id: bigint;
  kind: ExportedPostKind;
  /** Parent, quoted or reposted post; 0 for a post. */
  targetId: bigint;
  /** sha256 of the body (zero for a repost). */
  contentHash: Hash;
  uri: string;
  /** The custody or app key that authorized it. */
  actor: Address;
  fact: ChainFact;
}

/** An edge to another profile (a follow or a block), with that profile's handle at export time. */
export interface ExportedEdge {
  profileId: bigint;
  handle: string;
  fact: ChainFact;
}

export interface ExportedLike {
  postId: bigint;
  fact: ChainFact;
}

export interface ExportedAppKey {
  key: Address;
  scopes: bigint;
  expiry: bigint;
  fact: ChainFact;
}

/** A body (post or profile metadata), addressed by its sha256 digest and the CIDv1 of the same bytes. */
export interface ExportedBody {
  digest: Hash;
  cid: string;
  bytes: Uint8Array;
}

export interface KithExport {
  format: typeof KITH_EXPORT_FORMAT;
  version: typeof KITH_EXPORT_VERSION;
  /** ISO 8601. */
  exportedAt: string;
  /** The chain state the export describes: every item is as of this block. */
  source: { chainId: number; kith: Address; blockNumber: bigint; blockHash: Hash };
  profile: {
    id: bigint;
    handle: string;
    custody: Address;
    recovery: Address;
    metadataHash: Hash;
    /** `ProfileRegistered`. */
    registered: ChainFact;
    /** The event that gave the current handle (`ProfileRegistered` or the last `HandleChanged`). */
    handleSet: ChainFact;
    /** The event that set the current metadata (`ProfileRegistered` or the last `MetadataChanged`). */
    metadataSet: ChainFact;
  };
  /** In chain order, as every list here. */
  follows: ExportedEdge[];
  blocks: ExportedEdge[];
  posts: ExportedPost[];
  likes: ExportedLike[];
  /** Active app keys (keys are per deployment: an import does not re-create them). */
  appKeys: ExportedAppKey[];
  /** Every body the posts and the metadata record that some indexer could serve. */
  bodies: ExportedBody[];
  /** Digests recorded on chain whose body no indexer had. */
  missingBodies: Hash[];
}

export class KithExportError extends Error {
  /** Where in the file: `$.posts[3].fact.blockHash`. */
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
    this.name = "KithExportError";
  }
}

/*//////////////////////////////////////////////////////////////
                        MIGRATED POSTS
//////////////////////////////////////////////////////////////*/

/**
 * An imported post's `uri` names its original: `kith:eip155:<chainId>:<kith address>:<post id>`
 * (CAIP-2 chain, then the contract and the decimal id). Indexers show such a post as migrated and
 * clients can link the thread on the original chain. The author asserts it; `kith verify` on the
 * original's export proves it.
 */
export interface PostOrigin {
  chainId: number;
  contract: Address;
  postId: bigint;
}

const ORIGIN_URI = /^kith:eip155:([1-9][0-9]{0,15}):(0x[0-9a-fA-F]{40}):([1-9][0-9]{0,77})$/;

export function originUri({ chainId, contract, postId }: PostOrigin): string {
  return `kith:eip155:${chainId}:${contract.toLowerCase()}:${postId}`;
}

/** The origin an imported post's uri names, or undefined when the uri is not an origin uri. */
export function parseOriginUri(uri: string): PostOrigin | undefined {
  const match = ORIGIN_URI.exec(uri);
  if (!match) return undefined;
  const postId = BigInt(match[3]!);
  if (postId >= 2n ** 256n) return undefined;
  return { chainId: Number(match[1]), contract: getAddress(match[2]!), postId };
}

/*//////////////////////////////////////////////////////////////
                        SERIALIZATION
//////////////////////////////////////////////////////////////*/

export function stringifyKithExport(file: KithExport): string {
  return JSON.stringify(
    file,
    (_key, value) => {
      if (typeof value === "bigint") return value.toString();
      if (value instanceof Uint8Array) return toBase64(value);
      return value;
    },
    2,
  );
}

type Json = unknown;

/** Reads an export file, checking every field; throws `KithExportError` naming the first bad one. */
export function parseKithExport(text: string): KithExport {
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KithExportError("$", `not JSON (${(error as Error).message})`);
  }
  const root = object(json, "$");
  if (root.format !== KITH_EXPORT_FORMAT) throw new KithExportError("$.format", `expected "${KITH_EXPORT_FORMAT}"`);
  if (root.version !== KITH_EXPORT_VERSION) {
    throw new KithExportError("$.version", `this SDK reads version ${KITH_EXPORT_VERSION}, the file is ${JSON.stringify(root.version)}`);
  }
  const source = fields(root.source, "$.source");
  const profile = fields(root.profile, "$.profile");
  return {
    format: KITH_EXPORT_FORMAT,
    version: KITH_EXPORT_VERSION,
    exportedAt: string(root.exportedAt, "$.exportedAt"),
    source: { chainId: source("chainId", chainId), kith: source("kith", address), blockNumber: source("blockNumber", uint), blockHash: source("blockHash", hash) },
    profile: {
      id: profile("id", uint),
      handle: profile("handle", string),
      custody: profile("custody", address),
      recovery: profile("recovery", address),
      metadataHash: profile("metadataHash", hash),
      registered: profile("registered", fact),
      handleSet: profile("handleSet", fact),
      metadataSet: profile("metadataSet", fact),
    },
    follows: array(root.follows, "$.follows", edge),
    blocks: array(root.blocks, "$.blocks", edge),
    posts: array(root.posts, "$.posts", (value, path) => {
      const post = fields(value, path);
      return {
        id: post("id", uint),
        kind: post("kind", postKind),
        targetId: post("targetId", uint),
        contentHash: post("contentHash", hash),
        uri: post("uri", string),
        actor: post("actor", address),
        fact: post("fact", fact),
      };
    }),
    likes: array(root.likes, "$.likes", (value, path) => {
      const like = fields(value, path);
      return { postId: like("postId", uint), fact: like("fact", fact) };
    }),
    appKeys: array(root.appKeys, "$.appKeys", (value, path) => {
      const key = fields(value, path);
      return { key: key("key", address), scopes: key("scopes", uint), expiry: key("expiry", uint), fact: key("fact", fact) };
    }),
    bodies: array(root.bodies, "$.bodies", (value, path) => {
      const body = fields(value, path);
      return { digest: body("digest", hash), cid: body("cid", string), bytes: body("bytes", base64) };
    }),
    missingBodies: array(root.missingBodies, "$.missingBodies", hash),
  };
}

type Read<T> = (value: Json, path: string) => T;

/** The fields of the object at `path`: `field(name, read)` checks one and names it in its error. */
function fields(value: Json, path: string) {
  const entry = object(value, path);
  return <T>(name: string, read: Read<T>): T => read(entry[name], `${path}.${name}`);
}

function object(value: Json, path: string): Record<string, Json> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new KithExportError(path, "expected an object");
  return value as Record<string, Json>;
}

function array<T>(value: Json, path: string, item: Read<T>): T[] {
  if (!Array.isArray(value)) throw new KithExportError(path, "expected an array");
  return value.map((entry, index) => item(entry, `${path}[${index}]`));
}

function string(value: Json, path: string): string {
  if (typeof value !== "string") throw new KithExportError(path, "expected a string");
  return value;
}

const POST_KINDS: readonly ExportedPostKind[] = ["post", "reply", "quote", "repost"];

function postKind(value: Json, path: string): ExportedPostKind {
  if (typeof value !== "string" || !(POST_KINDS as readonly string[]).includes(value)) throw new KithExportError(path, `expected one of ${POST_KINDS.join(", ")}`);
  return value as ExportedPostKind;
}

function base64(value: Json, path: string): Uint8Array {
  const data = string(value, path);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) throw new KithExportError(path, "not base64");
  return fromBase64(data);
}

function uint(value: Json, path: string): bigint {
  if (typeof value !== "string" || !/^(0|[1-9][0-9]{0,77})$/.test(value) || BigInt(value) >= 2n ** 256n) {
    throw new KithExportError(path, "expected a uint256 as a decimal string");
  }
  return BigInt(value);
}

function chainId(value: Json, path: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) throw new KithExportError(path, "expected a positive integer chain id");
  return value;
}

function address(value: Json, path: string): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) throw new KithExportError(path, "expected an address");
  return getAddress(value);
}

function hash(value: Json, path: string): Hash {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)) throw new KithExportError(path, "expected 32 bytes as 0x and 64 hex digits");
  return value.toLowerCase() as Hash;
}

function logIndex(value: Json, path: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw new KithExportError(path, "expected a log index");
  return value;
}

function fact(value: Json, path: string): ChainFact {
  const entry = fields(value, path);
  return {
    chainId: entry("chainId", chainId),
    contract: entry("contract", address),
    blockNumber: entry("blockNumber", uint),
    blockHash: entry("blockHash", hash),
    transactionHash: entry("transactionHash", hash),
    logIndex: entry("logIndex", logIndex),
  };
}

function edge(value: Json, path: string): ExportedEdge {
  const entry = fields(value, path);
  return { profileId: entry("profileId", uint), handle: entry("handle", string), fact: entry("fact", fact) };
}

// atob/btoa, not Buffer: the SDK runs in browsers too.
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
