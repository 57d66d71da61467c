/** Token buckets: `limit` requests per `windowMs` per key, refilled continuously. */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  readonly limit: number;
  readonly windowMs: number;

  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Takes a token for `key`: 0 when allowed, else the milliseconds until one is available. */
  take(key: string, now = Date.now()): number {
    const rate = this.limit / this.windowMs;
    const bucket = this.#buckets.get(key) ?? { tokens: this.limit, at: now };
    bucket.tokens = Math.min(this.limit, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    if (this.#buckets.size > 100_000) this.#prune(now);
    return Math.ceil((1 - bucket.tokens) / rate);
  }

  /** Forgets full buckets, so the map does not grow without bound. */
  #prune(now: number) {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * (this.limit / this.windowMs) >= this.limit) this.#buckets.delete(key);
    }
  }
}
