// Small HTTP helpers the SDK's clients share (browser-safe).

/** `http://host:port/graphql` -> `http://host:port`: the one name of an indexer or relayer. */
export function originOf(url: string): string {
  return new URL("/", url).href.replace(/\/$/, "");
}

/** A response's Retry-After (seconds or an HTTP date) in ms, or undefined without one. */
export function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get("retry-after");
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
