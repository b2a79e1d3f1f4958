import type { ApiAnswer } from '../api/console-api';
import type { Bar } from '../charts/bar-list';

/** A vendor's figures now (GET …/analytics/metrics). */
export type FleetWindow = ApiAnswer<'/v1/vendors/{vendorId}/analytics/metrics', 'get'>;
/** One metric's buckets (GET …/analytics/metrics/{metric}/series). */
export type MetricSeries = ApiAnswer<'/v1/vendors/{vendorId}/analytics/metrics/{metric}/series', 'get'>;
/** The figures of the fleet or of one product. */
export type FleetFigures = FleetWindow['fleet'];

const minuteMs = 60_000;
const dayMs = 1440 * minuteMs;

/**
 * The ranges the fleet overview offers: their length, the bucket the series are asked in (public-api sums or
 * samples each bucket: the charts get at most about 170 points whatever the range), and the window of the
 * current figures (analytics answers at most a week).
 */
export const fleetRanges = {
  day: { lengthMs: dayMs, bucketSeconds: 900, windowMinutes: 1440, windowLabel: 'the last day' },
  week: { lengthMs: 7 * dayMs, bucketSeconds: 3600, windowMinutes: 10_080, windowLabel: 'the last week' },
  month: {
    lengthMs: 30 * dayMs,
    bucketSeconds: 21_600,
    windowMinutes: 10_080,
    windowLabel: 'the last 7 days (the longest window analytics sums)',
  },
} as const;
/** One of the fleet overview's ranges. */
export type FleetRange = keyof typeof fleetRanges;

/** The series query of `range` ending at `nowMs`. */
export function seriesQuery(range: FleetRange, nowMs: number) {
  const { lengthMs, bucketSeconds } = fleetRanges[range];
  return {
    from: new Date(nowMs - lengthMs).toISOString(),
    to: new Date(nowMs).toISOString(),
    interval: bucketSeconds,
  };
}

/**
 * uPlot's columns of a series' `total` per bucket, at each bucket's end (seconds), divided by `per` (the
 * bucket's minutes for a rate, 1 for a count).
 */
export function toSeriesColumns(series: MetricSeries, per: number): [number[], (number | null)[]] {
  return [
    series.points.map((point) => Date.parse(point.to) / 1000),
    series.points.map((point) => {
      const total = point.values['total'];
      return total === undefined ? null : Math.round((total / per) * 1000) / 1000;
    }),
  ];
}

/** The alerts of a window as bars, one per rule (by its name; several rules may share one). */
export function alertBars(figures: FleetFigures): Bar[] {
  return figures.alerts
    .map((alert) => ({ label: alert.ruleName, value: alert.count }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
}

/** A sentence that says what a series chart shows, for people who do not see it. */
export function summarizeSeries(what: string, values: readonly (number | null)[]): string {
  const known = values.filter((value): value is number => value !== null);
  const last = known.at(-1);
  if (last === undefined) return `${what}: no data in this range yet.`;
  return `${what}: latest ${last}, lowest ${Math.min(...known)}, highest ${Math.max(...known)}.`;
}
