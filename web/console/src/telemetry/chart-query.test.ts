import {
  chartMaxPoints,
  clampToWindow,
  historyQueryOf,
  needsFinerRead,
  windowOfRange,
  zoomInOn,
} from './chart-query';

const now = Date.parse('2026-12-04T12:00:00.000Z');
const minute = 60_000;

describe("the history chart's queries", () => {
  it('when the owner picks the last day, the chart asks reported state from a day ago to now and leaves the bucket width to public-api', () => {
    expect(historyQueryOf(windowOfRange('day', now))).toEqual({
      source: 'state',
      from: '2026-12-03T12:00:00.000Z',
      to: '2026-12-04T12:00:00.000Z',
      maxPoints: chartMaxPoints,
    });
  });

  it('when the owner picks the last year, the window is 365 days, within the 366 public-api answers', () => {
    const { fromMs, toMs } = windowOfRange('year', now);
    expect(toMs - fromMs).toBe(365 * 24 * 60 * minute);
    expect(historyQueryOf({ fromMs, toMs }).from).toBe('2025-12-04T12:00:00.000Z');
  });

  it('when a day read in 5-minute buckets is zoomed to its last hour, the hour is read again (10-second buckets)', () => {
    expect(needsFinerRead({ fromMs: now - 60 * minute, toMs: now }, 5 * minute)).toBe(true);
  });

  it('when a day read in 5-minute buckets is zoomed to its last 20 hours, the loaded buckets serve it', () => {
    // 20 hours in 400 buckets needs 3-minute ones: public-api would answer 5 minutes again.
    expect(needsFinerRead({ fromMs: now - 20 * 60 * minute, toMs: now }, 5 * minute)).toBe(false);
  });

  it('when the loaded buckets are already a second wide, no zoom reads again', () => {
    expect(needsFinerRead({ fromMs: now - minute, toMs: now }, 1000)).toBe(false);
  });

  it('when the owner presses "Zoom in", the middle half of the window is shown', () => {
    expect(zoomInOn({ fromMs: now - 60 * minute, toMs: now })).toEqual({
      fromMs: now - 45 * minute,
      toMs: now - 15 * minute,
    });
  });

  it("when a drag ends past the chart's right edge, the zoom stops at the window's end", () => {
    const window = { fromMs: now - 60 * minute, toMs: now };
    expect(clampToWindow({ fromMs: now - 10 * minute, toMs: now + 2 * minute }, window)).toEqual({
      fromMs: now - 10 * minute,
      toMs: now,
    });
  });
});
