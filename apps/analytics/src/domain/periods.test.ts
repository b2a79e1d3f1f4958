import { isoWeekOf, parseIsoWeek, splitBuckets } from './periods';

describe('ISO weeks and calendar buckets (UTC)', () => {
  it('a week runs Monday to Monday, and its days belong to it', () => {
    expect(parseIsoWeek('2026-W48')).toEqual({
      from: new Date('2026-11-23T00:00:00.000Z'),
      to: new Date('2026-11-30T00:00:00.000Z'),
    });
    expect(isoWeekOf(new Date('2026-11-29T23:59:59.999Z'))).toBe('2026-W48');
    expect(isoWeekOf(new Date('2026-11-30T00:00:00.000Z'))).toBe('2026-W49');
  });

  it('the first days of January can belong to the last week of the year before, and W53 exists only in long years', () => {
    expect(isoWeekOf(new Date('2027-01-01T12:00:00.000Z'))).toBe('2026-W53');
    expect(parseIsoWeek('2026-W53').from).toEqual(new Date('2026-12-28T00:00:00.000Z'));
    expect(parseIsoWeek('2026-W01').from).toEqual(new Date('2025-12-29T00:00:00.000Z'));
    expect(() => parseIsoWeek('2025-W53')).toThrow('week: 2025-W53 is not an ISO week of its year');
  });

  it('monthly buckets start with the month holding `from` and follow month lengths', () => {
    const buckets = splitBuckets(
      new Date('2026-01-15T00:00:00.000Z'),
      new Date('2026-03-02T00:00:00.000Z'),
      { period: 'month' },
      1000,
    );
    expect(buckets.map((bucket) => bucket.from.toISOString().slice(0, 10))).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
    expect(buckets.at(-1)?.to).toEqual(new Date('2026-04-01T00:00:00.000Z'));
  });

  it('stops one bucket past the limit instead of building a huge series', () => {
    const from = new Date('2026-01-01T00:00:00.000Z');
    expect(
      splitBuckets(from, new Date('2027-01-01T00:00:00.000Z'), { intervalMs: 60_000 }, 1000),
    ).toHaveLength(1001);
  });
});
