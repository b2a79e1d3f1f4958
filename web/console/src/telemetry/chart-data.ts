import type { ApiAnswer } from '../api/console-api';
import { formatReading, unitOf } from '../devices/device-view';
import type { TimeWindow } from './chart-query';

/** A device's history as public-api answers it: one series of buckets per metric. */
export type DeviceHistory = ApiAnswer<'/v1/homes/{homeId}/devices/{deviceId}/history', 'get'>;
type Series = DeviceHistory['series'][number];

/** The metrics the chart shows before the person picks: the temperature where there is one, else the first. */
export function pickDefaultMetrics(metrics: readonly string[]): string[] {
  const first = metrics.includes('temperature') ? 'temperature' : metrics[0];
  return first === undefined ? [] : [first];
}

/**
 * The shown metrics after the history changed: those picked that it still has, or the default when none is
 * left.
 */
export function keepShownMetrics(shown: readonly string[], metrics: readonly string[]): string[] {
  const kept = shown.filter((metric) => metrics.includes(metric));
  return kept.length > 0 ? kept : pickDefaultMetrics(metrics);
}

/** The series of the shown metrics, in the history's order. */
const shownSeries = (history: DeviceHistory, shown: readonly string[]): Series[] =>
  history.series.filter((series) => shown.includes(series.metric));

/** The series' points within a window (a zoom read from the range's points). */
const seriesWithin = (series: readonly Series[], window: TimeWindow): Series[] =>
  series.map(({ metric, points }) => ({
    metric,
    points: points.filter(({ time }) => {
      const timeMs = Date.parse(time);
      return timeMs >= window.fromMs && timeMs < window.toMs;
    }),
  }));

/**
 * uPlot's columnar data from series: the union of their bucket times (seconds) first, then each metric's
 * values at those times (null where its bucket had no point, which uPlot draws as a gap).
 */
function toChartColumns(series: readonly Series[]): (number | null)[][] {
  const times = [
    ...new Set(series.flatMap(({ points }) => points.map((point) => Date.parse(point.time) / 1000))),
  ].sort((a, b) => a - b);
  const columns = series.map(({ points }) => {
    const byTime = new Map(points.map((point) => [Date.parse(point.time) / 1000, point.value]));
    return times.map((time) => byTime.get(time) ?? null);
  });
  return [times, ...columns];
}

/** What the chart draws of a history: the shown metrics over a window. */
export interface ChartView {
  /** The shown metrics' series, their points within the window. */
  readonly series: Series[];
  /** uPlot's columns: times (seconds), then a column per series. */
  readonly columns: (number | null)[][];
  /** Each series' unit (the empty string where its name says none): one axis per unit. */
  readonly units: string[];
  /** Each series' place among all the history's metrics, so that a metric keeps its colour as others come and go. */
  readonly colorIndexes: number[];
}

/** The chart's view of the shown metrics of a history over a window. */
export function toChartView(history: DeviceHistory, shown: readonly string[], window: TimeWindow): ChartView {
  const series = seriesWithin(shownSeries(history, shown), window);
  const all = history.series.map(({ metric }) => metric);
  return {
    series,
    columns: toChartColumns(series),
    units: series.map(({ metric }) => unitOf(metric) ?? ''),
    colorIndexes: series.map(({ metric }) => all.indexOf(metric)),
  };
}

/** A sentence per metric that says what the chart shows, for people who do not see it. */
export function summarizeSeries(series: readonly Series[]): string[] {
  return series.map(({ metric, points }) => {
    const values = points.map((point) => point.value);
    const last = values.at(-1);
    if (last === undefined) return `${metric}: no readings`;
    const read = (value: number) => formatReading(metric, value);
    return `${metric}: latest ${read(last)}, lowest ${read(Math.min(...values))}, highest ${read(Math.max(...values))}`;
  });
}
