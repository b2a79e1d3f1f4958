/**
 * A cumulative histogram as Prometheus exposes one: `counts[i]` observations were at most `bounds[i]`
 * (seconds); the last bound is Infinity (`le="+Inf"`), so its count is the total.
 */
export interface CumulativeHistogram {
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
}

/** A histogram with no observations, for when nothing has been exposed yet. */
export const emptyHistogram: CumulativeHistogram = { bounds: [Infinity], counts: [0] };

/** Observations in the histogram. */
export function histogramTotal(histogram: CumulativeHistogram): number {
  return histogram.counts.at(-1) ?? 0;
}

/**
 * Adds two histograms bucket by bucket (several processes, several label sets). A histogram without
 * buckets of its own yet (nothing observed) takes the other's bounds; different bounds are a bug.
 */
export function addHistograms(a: CumulativeHistogram, b: CumulativeHistogram): CumulativeHistogram {
  if (histogramTotal(a) === 0 && a.bounds.length === 1) return b;
  if (histogramTotal(b) === 0 && b.bounds.length === 1) return a;
  assertSameBounds(a, b);
  return { bounds: a.bounds, counts: a.counts.map((count, index) => count + (b.counts[index] ?? 0)) };
}

/** What was observed between two readings of the same histogram: `later - earlier`, bucket by bucket. */
export function subtractHistograms(
  later: CumulativeHistogram,
  earlier: CumulativeHistogram,
): CumulativeHistogram {
  if (histogramTotal(earlier) === 0 && earlier.bounds.length === 1) return later;
  assertSameBounds(later, earlier);
  return {
    bounds: later.bounds,
    counts: later.counts.map((count, index) => Math.max(0, count - (earlier.counts[index] ?? 0))),
  };
}

/**
 * The q-quantile (0..1) as Prometheus' `histogram_quantile` computes it: find the bucket holding rank
 * q × total and interpolate linearly inside it (from 0 for the first bucket). A rank in the +Inf bucket
 * answers the highest finite bound. Undefined when the histogram is empty.
 */
export function histogramQuantile(q: number, histogram: CumulativeHistogram): number | undefined {
  const total = histogramTotal(histogram);
  if (total === 0) return undefined;
  const rank = q * total;
  const { bounds, counts } = histogram;
  const index = counts.findIndex((count) => count >= rank);
  const bucket = index === -1 ? counts.length - 1 : index;
  const upper = bounds[bucket] ?? Infinity;
  const lower = bucket === 0 ? 0 : (bounds[bucket - 1] ?? 0);
  if (upper === Infinity) return lower;
  if (bucket === 0 && upper <= 0) return upper;
  const below = bucket === 0 ? 0 : (counts[bucket - 1] ?? 0);
  const inBucket = (counts[bucket] ?? 0) - below;
  if (inBucket <= 0) return upper;
  return lower + (upper - lower) * ((rank - below) / inBucket);
}

/**
 * The upper bound of the highest bucket that holds an observation: the largest value is at most this.
 * Infinity when one is in the +Inf bucket; undefined when the histogram is empty.
 */
export function histogramMaxBound(histogram: CumulativeHistogram): number | undefined {
  const { bounds, counts } = histogram;
  for (let index = counts.length - 1; index >= 0; index -= 1) {
    const below = index === 0 ? 0 : (counts[index - 1] ?? 0);
    if ((counts[index] ?? 0) > below) return bounds[index];
  }
  return undefined;
}

function assertSameBounds(a: CumulativeHistogram, b: CumulativeHistogram): void {
  const same = a.bounds.length === b.bounds.length && a.bounds.every((bound, i) => bound === b.bounds[i]);
  if (!same) throw new Error(`histograms with different buckets: ${a.bounds.join()} / ${b.bounds.join()}`);
}
