import { summarizeExact, summarizeHistogram } from './latency';

describe('latency summaries', () => {
  it('exact: nearest-rank percentiles and the true maximum', () => {
    const latencies = Array.from({ length: 100 }, (_, index) => index + 1); // 1..100 ms
    expect(summarizeExact(latencies)).toEqual({
      count: 100,
      ...{ p50Ms: 50, p95Ms: 95, p99Ms: 99, maxMs: 100 },
      method: 'exact',
      maxBeyondBuckets: false,
    });
  });

  it('histogram: milliseconds from second buckets, the maximum as its bucket bound', () => {
    const summary = summarizeHistogram({ bounds: [0.1, 0.5, 1, Infinity], counts: [50, 90, 100, 100] });
    expect(summary).toMatchObject({ count: 100, p50Ms: 100, p99Ms: 950, maxMs: 1000, method: 'histogram' });
    expect(summary.maxBeyondBuckets).toBe(false);
  });

  it('histogram: an observation past the last bucket shows as beyond its bound', () => {
    const summary = summarizeHistogram({ bounds: [0.1, 30, Infinity], counts: [1, 1, 2] });
    expect(summary).toMatchObject({ maxMs: 30_000, maxBeyondBuckets: true });
  });

  it('nothing processed: no figures', () => {
    expect(summarizeExact([])).toMatchObject({ count: 0, p99Ms: null, maxMs: null });
    expect(summarizeHistogram({ bounds: [Infinity], counts: [0] })).toMatchObject({ count: 0, p99Ms: null });
  });
});
