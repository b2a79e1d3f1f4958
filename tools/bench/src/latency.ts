import { histogramMaxBound, histogramQuantile, histogramTotal, type CumulativeHistogram } from './histogram';

/** End-to-end latency (publish to stored, or to received for the baseline) of the messages of a window. */
export interface LatencySummary {
  /** Messages the figures are over. */
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  /** The largest latency; with `histogram` the upper bound of its bucket (the largest is at most this). */
  readonly maxMs: number | null;
  /**
   * `exact`: from every message's own latency (the baseline's subscriber). `histogram`: from state-workers'
   * cumulative buckets, quantiles interpolated inside a bucket as Prometheus' histogram_quantile does.
   */
  readonly method: 'exact' | 'histogram';
  /** True when some message took longer than the highest finite bucket (`maxMs` is then that bound). */
  readonly maxBeyondBuckets: boolean;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The summary of a histogram in seconds (a window: the difference of two readings). */
export function summarizeHistogram(histogram: CumulativeHistogram): LatencySummary {
  const quantileMs = (q: number) => {
    const seconds = histogramQuantile(q, histogram);
    return seconds === undefined ? null : round(seconds * 1000);
  };
  const maxSeconds = histogramMaxBound(histogram);
  const beyond = maxSeconds === Infinity;
  const finiteBounds = histogram.bounds.filter((bound) => bound !== Infinity);
  const maxMs = maxSeconds === undefined ? null : (beyond ? (finiteBounds.at(-1) ?? 0) : maxSeconds) * 1000;
  return {
    count: histogramTotal(histogram),
    p50Ms: quantileMs(0.5),
    p95Ms: quantileMs(0.95),
    p99Ms: quantileMs(0.99),
    maxMs,
    method: 'histogram',
    maxBeyondBuckets: beyond,
  };
}

/** The exact summary of every message's latency (ms), nearest-rank quantiles. */
export function summarizeExact(latenciesMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const quantile = (q: number) => {
    if (sorted.length === 0) return null;
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return round(sorted[index] ?? 0);
  };
  return {
    count: sorted.length,
    p50Ms: quantile(0.5),
    p95Ms: quantile(0.95),
    p99Ms: quantile(0.99),
    maxMs: sorted.length === 0 ? null : round(sorted[sorted.length - 1] ?? 0),
    method: 'exact',
    maxBeyondBuckets: false,
  };
}
