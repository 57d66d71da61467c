// Upload a post body or profile metadata document to the indexer's content endpoint.
import { originOf, retryAfterMs } from "./http.ts";
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

/** Where an upload to several indexers went. */
export interface UploadContentReturnType {
  digest: `0x${string}`;
  cid: string;
  /** The indexers (origins) that stored the body. */
  stored: string[];
  /** The indexers that did not, and why (down, or still not referencing the digest after `waitMs`). */
  failed: { url: string; error: Error }[];
}

export interface UploadContentOptions {
  /** How long an indexer that has not seen the post yet (404 `not_referenced`), or is busy (429, 503), is asked again (ms, default 10,000). */
  waitMs?: number;
  /** Time one request may take (ms, default 10,000). */
  timeout?: number;
  /** How many times a network error or another 5xx is retried on the same indexer (default 2). */
  retryCount?: number;
}

/** Refusals of the body itself (digest_mismatch, too_large, invalid_digest): every indexer would refuse it. */
const isCallersFault = (status: number) => status >= 400 && status < 500 && status !== 404 && status !== 408 && status !== 429;

/**
 * Stores `body` at the indexer (e.g. http://127.0.0.1:42069), or at each of several, under its
 * sha256 digest. The indexer accepts it only once a post or profile on chain records that digest:
 * publish first, then upload. While an indexer has not seen the transaction yet it answers 404
 * `not_referenced`; this retries that case (and 429 / 503, after their Retry-After) for up to
 * `waitMs`. With several indexers the upload succeeds when at least one stored the body (`failed`
 * says which did not); a refusal of the body itself (`digest_mismatch`, `too_large`) throws at once.
 * @example
 * const { cid, failed } = await uploadContent(["https://kith-a.example", "https://kith-b.example"], "gm");
 */
export async function uploadContent(
  indexerUrl: string | readonly string[],
  body: string | Uint8Array,
  { waitMs = 10_000, timeout = 10_000, retryCount = 2 }: UploadContentOptions = {},
): Promise<UploadContentReturnType> {
  const urls = typeof indexerUrl === "string" ? [indexerUrl] : [...indexerUrl];
  if (urls.length === 0) throw new ContentError(0, "no_indexer", "uploadContent: no indexer URL given");
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const digest = contentHash(bytes);
  const deadline = Date.now() + waitMs;
  // One refusal of the body ends every other upload of it.
  const everyUpload = new AbortController();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      everyUpload.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });

  async function uploadTo(url: string): Promise<{ digest: `0x${string}`; cid: string }> {
    for (let networkErrors = 0; ; ) {
      if (everyUpload.signal.aborted) throw new ContentError(0, "aborted", `${url}: another indexer refused the body`);
      const attempt = new AbortController();
      const abort = () => attempt.abort();
      everyUpload.signal.addEventListener("abort", abort);
      const timer = setTimeout(abort, timeout);
      let response: Response;
      let json: { digest?: `0x${string}`; cid?: string; error?: { code: string; message: string } };
      let retryAfter: number | undefined;
      try {
        response = await fetch(new URL(`/content/${digest}`, url), { method: "PUT", body: bytes as Uint8Array<ArrayBuffer>, signal: attempt.signal });
        json = (await response.json().catch(() => ({}))) as typeof json;
        // 0 or none: the usual short pause.
        retryAfter = retryAfterMs(response) || undefined;
      } catch (error) {
        if (everyUpload.signal.aborted) throw error;
        const reason = attempt.signal.aborted ? `did not answer in ${timeout} ms` : (error as Error).message;
        if (networkErrors++ >= retryCount) throw new ContentError(0, "unreachable", `${url}: ${reason}`);
        await pause(200);
        continue;
      } finally {
        clearTimeout(timer);
        everyUpload.signal.removeEventListener("abort", abort);
      }
      if (response.ok) return { digest: json.digest!, cid: json.cid! };
      const code = json.error?.code ?? "unknown";
      const error = new ContentError(response.status, code, json.error?.message ?? `content upload to ${url} answered ${response.status}`);
      if (isCallersFault(response.status)) {
        everyUpload.abort();
        throw error;
      }
      const waits = code === "not_referenced" || response.status === 429 || response.status === 503;
      if (waits ? Date.now() > deadline : networkErrors++ >= retryCount) throw error;
      await pause(waits ? Math.min(retryAfter ?? 100, Math.max(0, deadline - Date.now())) : 200);
    }
  }

  const settled = await Promise.allSettled(urls.map(uploadTo));
  const refused = settled.find((s): s is PromiseRejectedResult => s.status === "rejected" && s.reason instanceof ContentError && isCallersFault(s.reason.status));
  if (refused) throw refused.reason;
  const stored: string[] = [];
  const failed: UploadContentReturnType["failed"] = [];
  let answer: { digest: `0x${string}`; cid: string } | undefined;
  settled.forEach((s, i) => {
    const url = originOf(urls[i]!);
    if (s.status === "fulfilled") {
      answer ??= s.value;
      stored.push(url);
    } else failed.push({ url, error: s.reason as Error });
  });
  if (!answer) {
    if (failed.length === 1) throw failed[0]!.error;
    throw new ContentError(503, "unavailable", `no indexer stored the body: ${failed.map((f) => f.error.message).join("; ")}`);
  }
  return { ...answer, stored, failed };
}
