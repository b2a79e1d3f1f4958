import {
  addHistograms,
  emptyHistogram,
  histogramMaxBound,
  histogramQuantile,
  subtractHistograms,
  type CumulativeHistogram,
} from './histogram';

const bounds = [0.1, 0.5, 1, Infinity];
const histogram = (...counts: number[]): CumulativeHistogram => ({ bounds, counts });

describe('histogram quantiles, as Prometheus histogram_quantile computes them', () => {
  it('interpolates linearly inside the bucket that holds the rank', () => {
    // 100 observations: 50 up to 0.1 s, 40 in (0.1, 0.5], 10 in (0.5, 1].
    const h = histogram(50, 90, 100, 100);
    expect(histogramQuantile(0.5, h)).toBeCloseTo(0.1);
    // Rank 75 is 25 of the 40 in (0.1, 0.5]: 0.1 + 0.4 × 25/40.
    expect(histogramQuantile(0.75, h)).toBeCloseTo(0.35);
    // Rank 99 is 9 of the 10 in (0.5, 1]: 0.5 + 0.5 × 9/10.
    expect(histogramQuantile(0.99, h)).toBeCloseTo(0.95);
  });

  it('interpolates the first bucket from 0', () => {
    expect(histogramQuantile(0.5, histogram(10, 10, 10, 10))).toBeCloseTo(0.05);
  });

  it('a rank in the +Inf bucket answers the highest finite bound', () => {
    expect(histogramQuantile(0.99, histogram(10, 10, 10, 20))).toBe(1);
  });

  it('an empty histogram has no quantile and no maximum', () => {
    expect(histogramQuantile(0.5, histogram(0, 0, 0, 0))).toBeUndefined();
    expect(histogramMaxBound(histogram(0, 0, 0, 0))).toBeUndefined();
    expect(histogramQuantile(0.5, emptyHistogram)).toBeUndefined();
  });

  it('the maximum is the upper bound of the highest bucket holding an observation', () => {
    expect(histogramMaxBound(histogram(5, 7, 7, 7))).toBe(0.5);
    expect(histogramMaxBound(histogram(5, 5, 5, 5))).toBe(0.1);
    expect(histogramMaxBound(histogram(5, 5, 5, 6))).toBe(Infinity);
  });
});

describe('histogram windows and sums', () => {
  it('the difference of two cumulative readings is what was observed in between', () => {
    const window = subtractHistograms(histogram(60, 95, 110, 110), histogram(50, 90, 100, 100));
    expect(window.counts).toEqual([10, 5, 10, 10]);
    expect(histogramMaxBound(window)).toBe(1);
  });

  it('a reading before anything was exposed subtracts as nothing', () => {
    const later = histogram(1, 2, 3, 3);
    expect(subtractHistograms(later, emptyHistogram)).toEqual(later);
  });

  it('adds processes and label sets bucket by bucket; an empty one takes the other', () => {
    expect(addHistograms(histogram(1, 2, 3, 4), histogram(10, 20, 30, 40)).counts).toEqual([11, 22, 33, 44]);
    expect(addHistograms(emptyHistogram, histogram(1, 2, 3, 4))).toEqual(histogram(1, 2, 3, 4));
  });

  it('refuses to add histograms with different buckets', () => {
    const other = { bounds: [0.2, Infinity], counts: [1, 1] };
    expect(() => addHistograms(histogram(1, 1, 1, 1), other)).toThrow(/different buckets/);
  });
});
