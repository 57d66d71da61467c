// Other places that may hold a body this indexer lacks (KITH_CONTENT_PEERS): other Kith indexers
// (GET <peer>/content/0x<digest>) and IPFS HTTP gateways (GET <gateway>/ipfs/<cid>?format=raw, the
// trustless gateway's raw block). A peer is trusted with nothing: what it answers is read up to the
// size cap within a timeout, and kept only when its sha256 is the digest asked for. content.ts
// decides when peers are asked (only for digests the chain references).
import { createHash } from "node:crypto";

export interface Peer {
  kind: "indexer" | "ipfs";
  /** The origin and path prefix, without a trailing slash, as it is fetched from. */
  base: string;
  /** As the operator wrote it (for messages). */
  name: string;
}

/** How long one peer may take to answer a body, from the request to its last byte. */
export const PEER_TIMEOUT_MS = 3_000;

/**
 * The peers `text` lists, comma-separated: `https://host` (or http) is a Kith indexer,
 * `ipfs+https://gateway` (or ipfs+http) an IPFS gateway. Anything else stops the indexer with a
 * message naming the entry.
 */
export function parsePeers(text: string | undefined): Peer[] {
  if (!text?.trim()) return [];
  return text.split(",").map((entry) => entry.trim()).filter(Boolean).map((name) => {
    const ipfs = name.startsWith("ipfs+");
    const address = ipfs ? name.slice("ipfs+".length) : name;
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw new Error(`KITH_CONTENT_PEERS: "${name}" is not a URL (expected https://indexer.example or ipfs+https://gateway.example)`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new Error(`KITH_CONTENT_PEERS: "${name}" must start with https://, http://, ipfs+https:// or ipfs+http://`);
    }
    if (url.search || url.hash || url.username || url.password) {
      throw new Error(`KITH_CONTENT_PEERS: "${name}" must be an origin and path only (no query, fragment or credentials)`);
    }
    return { kind: ipfs ? "ipfs" : "indexer", base: `${url.origin}${url.pathname.replace(/\/+$/, "")}`, name };
  });
}

/** Why a peer's answer was not taken (a peer that misbehaves is logged, one that lacks the body is not). */
export type PeerMiss = "not_found" | "unreachable" | "timeout" | "too_large" | "digest_mismatch";

/**
 * Sent to a peer indexer: answer from your own store only. Two indexers that are each other's peers
 * would otherwise wait on each other (each one's fetch joins the other's) until both time out, for
 * every body neither has. A client sending it only makes its own read cheaper.
 */
export const FROM_PEER_HEADER = "x-kith-from-peer";

function peerRequest(peer: Peer, digest: `0x${string}`, cid: string): { url: string; headers: Record<string, string> } {
  return peer.kind === "indexer"
    ? { url: `${peer.base}/content/${digest}`, headers: { [FROM_PEER_HEADER]: "1" } }
    : { url: `${peer.base}/ipfs/${cid}?format=raw`, headers: { accept: "application/vnd.ipld.raw" } };
}

/**
 * The body of `digest` from `peer`, or why not. Reads at most `maxBytes` (a longer answer is
 * aborted as soon as it passes them, declared or not: nothing is buffered beyond the cap).
 */
export async function fetchFromPeer(
  peer: Peer,
  digest: `0x${string}`,
  cid: string,
  maxBytes: number,
  timeoutMs = PEER_TIMEOUT_MS,
): Promise<Uint8Array | PeerMiss> {
  const { url, headers } = peerRequest(peer, digest, cid);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // A redirect could point anywhere (an internal address): a peer answers from its own URL or not at all.
    const response = await fetch(url, { headers, signal: controller.signal, redirect: "error" });
    if (response.status !== 200 || !response.body) return "not_found";
    if (Number(response.headers.get("content-length") ?? 0) > maxBytes) return "too_large";
    const chunks: Uint8Array[] = [];
    let length = 0;
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      length += read.value.length;
      if (length > maxBytes) return "too_large";
      chunks.push(read.value);
    }
    const bytes = Buffer.concat(chunks, length);
    const actual = `0x${createHash("sha256").update(bytes).digest("hex")}`;
    return actual === digest ? new Uint8Array(bytes) : "digest_mismatch";
  } catch {
    return controller.signal.aborted ? "timeout" : "unreachable";
  } finally {
    // Also ends a body left unread (too large, a refusal): the connection goes with it.
    controller.abort();
    clearTimeout(timer);
  }
}

/**
 * The body of `digest` from the first of `peers` that has it, asked one after another; null when
 * none does. A peer answering other bytes or too many is reported to `misbehaved`, and the next one is asked.
 */
export async function fetchFromPeers(
  peers: readonly Peer[],
  digest: `0x${string}`,
  cid: string,
  maxBytes: number,
  misbehaved: (peer: Peer, miss: "too_large" | "digest_mismatch") => void,
): Promise<Uint8Array | null> {
  for (const peer of peers) {
    const answer = await fetchFromPeer(peer, digest, cid, maxBytes);
    if (answer instanceof Uint8Array) return answer;
    if (answer === "digest_mismatch" || answer === "too_large") misbehaved(peer, answer);
  }
  return null;
}
