/**
 * A per-key token bucket: `burst` tokens, refilled at `ratePerSecond`. A bucket outlives the connection
 * that emptied it (a device cannot refill its bucket by reconnecting); memory is bounded by `maxKeys`.
 */
export interface RateLimiter {
  /** Takes one token for `key`; false when its bucket is empty. */
  take(key: string): boolean;
  /** Whether `key` has a token left, without taking it. */
  hasToken(key: string): boolean;
}

/** Settings of `createRateLimiter`. */
export interface RateLimiterOptions {
  readonly ratePerSecond: number;
  readonly burst: number;
  /** Buckets kept; past it the least recently used one is dropped (most likely full again by then). */
  readonly maxKeys: number;
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
  // Insertion order is use order (each use re-inserts), so the first key is the least recently used.
  const buckets = new Map<string, Bucket>();

  const refilled = (key: string): Bucket => {
    const at = now();
    const bucket = buckets.get(key) ?? { tokens: options.burst, updatedAtMs: at };
    const refill = ((at - bucket.updatedAtMs) / 1000) * options.ratePerSecond;
    bucket.tokens = Math.min(options.burst, bucket.tokens + refill);
    bucket.updatedAtMs = at;
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size > options.maxKeys) {
      const oldest = buckets.keys().next();
      if (oldest.done !== true) buckets.delete(oldest.value);
    }
    return bucket;
  };

  return {
    take(key) {
      const bucket = refilled(key);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    hasToken(key) {
      return refilled(key).tokens >= 1;
    },
  };
}
