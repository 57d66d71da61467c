// Upload a post body or profile metadata document to the indexer's content endpoint.
import { contentHash } from "./posts.ts";

export class ContentError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ContentError";
    this.status = status;
    this.code = code;
  }
}

/**
 * Stores `body` at the indexer (e.g. http://127.0.0.1:42069) under its sha256 digest. The indexer
 * accepts it only once a post or profile on chain records that digest: publish first, then upload.
 * While the indexer has not seen the transaction yet it answers 404 `not_referenced`; this retries
 * that case for up to `waitMs`.
 */
export async function uploadContent(
  indexerUrl: string,
  body: string | Uint8Array,
  { waitMs = 10_000 }: { waitMs?: number } = {},
): Promise<{ digest: `0x${string}`; cid: string }> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const digest = contentHash(bytes);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const response = await fetch(new URL(`/content/${digest}`, indexerUrl), { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> });
    const json = (await response.json()) as { digest?: `0x${string}`; cid?: string; error?: { code: string; message: string } };
    if (response.ok) return { digest: json.digest!, cid: json.cid! };
    const code = json.error?.code ?? "unknown";
    if (code !== "not_referenced" || Date.now() > deadline) {
      throw new ContentError(response.status, code, json.error?.message ?? `content upload answered ${response.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
