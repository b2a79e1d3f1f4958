/** A per-key token bucket: `burst` tokens, refilled at `ratePerSecond`. */
export interface RateLimiter {
  /** Takes one token for `key`; false when its bucket is empty. */
  take(key: string): boolean;
  /** Drops the bucket of `key` (the client went away). */
  forget(key: string): void;
}

/** Settings of `createRateLimiter`. */
export interface RateLimiterOptions {
  readonly ratePerSecond: number;
  readonly burst: number;
  /** Milliseconds clock; defaults to `Date.now`. */
  readonly now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/** Creates an in-memory token bucket per key (one replica's connections; a device is on one replica at a time). */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  return {
    take(key) {
      const at = now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, updatedAtMs: at };
      const refill = ((at - bucket.updatedAtMs) / 1000) * options.ratePerSecond;
      bucket.tokens = Math.min(options.burst, bucket.tokens + refill);
      bucket.updatedAtMs = at;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    forget(key) {
      buckets.delete(key);
    },
  };
}
