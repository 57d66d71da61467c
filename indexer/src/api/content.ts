// Post bodies and profile metadata documents, addressed by their sha256 digest (what the chain
// records) or by the IPFS CIDv1 of the same bytes (raw codec, sha2-256). A body is stored only if
// its sha256 is the digest it is uploaded under AND a post or profile on chain records that digest,
// so nobody can fill the disk with unreferenced data. Files, not the index database: bodies
// survive indexer restarts and re-indexing.
//
//   PUT /content/0x<digest>   raw body (at most 64 KiB) -> 201 { digest, cid } (200 if already stored)
//   GET /content/0x<digest>   the body (404 when unknown)
//   GET /ipfs/<cid>           the same body by CID (any multibase: bafkrei..., f01551220..., z...)
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

import type { Hono } from "hono";
import type { MultibaseDecoder } from "multiformats/bases/interface";
import { bases } from "multiformats/basics";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";

import { isReferenced } from "./store";

export const MAX_CONTENT_BYTES = 64 * 1024;
const RAW_CODEC = 0x55;
const CACHE_ENTRIES = 10_000;

export const contentDir = path.resolve(process.env.KITH_CONTENT_DIR ?? ".kith-content");
const DIGEST = /^0x[0-9a-f]{64}$/;

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

const fileOf = (digest: string) => path.join(contentDir, digest.slice(2, 4), digest.slice(2));

/** Recently read bodies (null: known to be missing, rechecked after a minute). */
const cache = new Map<string, { body: Uint8Array | null; at: number }>();

export async function readContent(digest: `0x${string}`): Promise<Uint8Array | null> {
  const hit = cache.get(digest);
  if (hit && (hit.body !== null || Date.now() - hit.at < 60_000)) return hit.body;
  const body = await readFile(fileOf(digest)).catch(() => null);
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(digest, { body: body && new Uint8Array(body), at: Date.now() });
  return body && new Uint8Array(body);
}

/** The body as text when it is valid UTF-8, else null (clients can still fetch the bytes). */
export function asText(body: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return null;
  }
}

const error = (code: string, message: string) => ({ error: { code, message } });

export function contentRoutes(app: Hono) {
  app.put("/content/:digest", async (c) => {
    const digest = c.req.param("digest").toLowerCase() as `0x${string}`;
    if (!DIGEST.test(digest)) return c.json(error("invalid_digest", "the digest must be 0x and 64 hex digits"), 400);
    const declared = Number(c.req.header("content-length") ?? 0);
    if (declared > MAX_CONTENT_BYTES) return c.json(error("too_large", `bodies are at most ${MAX_CONTENT_BYTES} bytes`), 413);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.length > MAX_CONTENT_BYTES) return c.json(error("too_large", `bodies are at most ${MAX_CONTENT_BYTES} bytes`), 413);
    const actual = `0x${Buffer.from((await sha256.digest(body)).digest).toString("hex")}`;
    if (actual !== digest) {
      return c.json(error("digest_mismatch", `the body's sha256 is ${actual}, not ${digest}`), 400);
    }
    const file = fileOf(digest);
    if (await stat(file).then(() => true, () => false)) return c.json({ digest, cid: cidOf(digest) }, 200);
    if (!(await isReferenced(digest))) {
      return c.json(error("not_referenced", "no indexed post or profile records this digest yet: publish it on chain first"), 404);
    }
    // Write then rename: a reader never sees half a file.
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, body);
    await rename(temporary, file);
    cache.delete(digest);
    return c.json({ digest, cid: cidOf(digest) }, 201);
  });

  const serve = async (digest: `0x${string}` | undefined) => {
    if (!digest) return null;
    return readContent(digest);
  };
  const respond = (body: Uint8Array | null, digest: string | undefined) =>
    body
      ? new Response(Buffer.from(body), {
          headers: {
            "content-type": asText(body) === null ? "application/octet-stream" : "text/plain; charset=utf-8",
            "cache-control": "public, max-age=31536000, immutable",
            etag: `"${digest}"`,
          },
        })
      : Response.json(error("not_found", "no body is stored for this digest"), { status: 404 });

  app.get("/content/:digest", async (c) => {
    const digest = c.req.param("digest").toLowerCase();
    if (!DIGEST.test(digest)) return c.json(error("invalid_digest", "the digest must be 0x and 64 hex digits"), 400);
    return respond(await serve(digest as `0x${string}`), digest);
  });

  app.get("/ipfs/:cid", async (c) => {
    const digest = digestOfCid(c.req.param("cid"));
    if (!digest) return c.json(error("invalid_cid", "only CIDv1 with the raw codec and sha2-256 are served"), 400);
    return respond(await serve(digest), digest);
  });
}
