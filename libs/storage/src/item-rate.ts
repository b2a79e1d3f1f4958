/** Items (or sizes) a second handed on in batches, measured over windows of at least `windowMs`. */
export interface ItemRate {
  /** Counts a batch of items (or of this total size) handed on at `nowMs` (performance.now()). */
  count(size: number, nowMs: number): void;
  /** The rate over the last whole window (0 before the first). */
  readonly perSecond: number;
}

/**
 * The rate a batcher's items arrive at, counted as its batches start. Over a window rather than a batch's own
 * interval: items come in bursts (a prefetch window's messages, a publisher's batch), and one batch's share of
 * a burst would read as a rate several times the real one, growing the spacing at a load that does not need it.
 * A window that ends after a quiet spell gives a low rate, so the load's end shows at the next batch.
 */
export function createItemRate(windowMs: number): ItemRate {
  let windowStartMs: number | undefined;
  let windowItems = 0;
  let perSecond = 0;
  return {
    count(size, nowMs) {
      // A batch's items arrived since the batch before it started: the first opens the window, uncounted.
      if (windowStartMs === undefined) {
        windowStartMs = nowMs;
        return;
      }
      windowItems += size;
      const elapsedMs = nowMs - windowStartMs;
      if (elapsedMs < windowMs) return;
      perSecond = (windowItems * 1000) / elapsedMs;
      windowStartMs = nowMs;
      windowItems = 0;
    },
    get perSecond() {
      return perSecond;
    },
  };
}
