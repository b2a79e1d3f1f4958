import type { ApiAnswer } from '../api/console-api';

/** A device's history as public-api answers it: one series of buckets per metric. */
export type DeviceHistory = ApiAnswer<'/v1/homes/{homeId}/devices/{deviceId}/history', 'get'>;

/** The ranges the chart offers, with their length. */
export const chartRanges = { hour: 3_600_000, day: 86_400_000 } as const;
/** One of the chart's ranges. */
export type ChartRange = keyof typeof chartRanges;

/**
 * uPlot's columnar data from the answer: the union of the series' bucket times (seconds) first, then each
 * metric's values at those times (null where its bucket had no point, which uPlot draws as a gap).
 */
export function toChartColumns(history: DeviceHistory): { metrics: string[]; columns: (number | null)[][] } {
  const times = [
    ...new Set(
      history.series.flatMap((series) => series.points.map((point) => Date.parse(point.time) / 1000)),
    ),
  ].sort((a, b) => a - b);
  const columns = history.series.map((series) => {
    const byTime = new Map(series.points.map((point) => [Date.parse(point.time) / 1000, point.value]));
    return times.map((time) => byTime.get(time) ?? null);
  });
  return { metrics: history.series.map((series) => series.metric), columns: [times, ...columns] };
}

/** A sentence that says what the chart shows, for people who do not see it. */
export function summarizeHistory(history: DeviceHistory): string {
  if (history.series.length === 0) return 'No readings in this range.';
  return history.series
    .map((series) => {
      const values = series.points.map((point) => point.value);
      const last = values.at(-1);
      if (last === undefined) return `${series.metric}: no readings`;
      return `${series.metric}: latest ${last}, lowest ${Math.min(...values)}, highest ${Math.max(...values)}`;
    })
    .join('; ');
}
