import {
  maxHistoryRangeMs,
  reportedStateMeasurement,
  rollupSettleMs,
  rollupWidths,
  telemetryMeasurement,
  type HistoryAggregate,
  type HistorySource,
  type RollupWidthName,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';

/**
 * What to read of one device's time series: its numeric metrics (or reported properties) aggregated in
 * buckets of `intervalMs`.
 */
export interface HistoryQuery {
  /** contracts' telemetry or reported-state measurement, laid out alike (numbers under their plain name). */
  readonly measurement: string;
  readonly vendorId: string;
  readonly deviceId: string;
  /** Numeric metrics to read; undefined: every numeric metric the device has. */
  readonly metrics: readonly string[] | undefined;
  /** Included, epoch ms; buckets start here. */
  readonly fromMs: number;
  /** Excluded, epoch ms. */
  readonly toMs: number;
  /** Points before it are left out (a home never reads what the device did in a home before it). */
  readonly notBeforeMs?: number;
  readonly intervalMs: number;
  readonly aggregate: HistoryAggregate;
  /**
   * What is read: the raw points, or a rollup of contracts' layout (its buckets counted in the bucket their
   * start falls in; mean, min, max and count only).
   */
  readonly resolution: 'raw' | RollupWidthName;
}

/** One metric's aggregated points: a bucket's start and its value, by time, empty buckets left out. */
export interface HistorySeries {
  readonly metric: string;
  readonly points: readonly { readonly timeMs: number; readonly value: number }[];
}

/**
 * Reads device time series aggregated by time bucket (InfluxDB in the distributed mode, the SQL time
 * series in the embedded one). Series come sorted by metric; rejects with AppError `unavailable` when the
 * store cannot be reached.
 */
export interface DeviceHistoryReader {
  read(query: HistoryQuery): Promise<HistorySeries[]>;
}

/** The measurement each source is stored under (contracts' time-series layout). */
const measurementOf: Record<HistorySource, string> = {
  telemetry: telemetryMeasurement,
  state: reportedStateMeasurement,
};

/**
 * What a caller asks: telemetry or reported state, a range (defaults: the 24 hours up to now), a bucket
 * width, a cap on the points.
 */
export interface HistoryRequest {
  readonly source: HistorySource;
  readonly from: Date | undefined;
  readonly to: Date | undefined;
  readonly intervalMs: number | undefined;
  readonly maxPoints: number;
  readonly aggregate: HistoryAggregate;
  readonly metrics: readonly string[] | undefined;
}

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** The bucket widths chosen when the caller names none: the smallest that fits within maxPoints. */
const usualIntervalsMs = [
  ...[1, 5, 10, 15, 30].map((n) => n * second),
  ...[1, 2, 5, 10, 15, 30].map((n) => n * minute),
  ...[1, 2, 3, 6, 12].map((n) => n * hour),
  ...[1, 2, 7].map((n) => n * day),
];

const invalidRange = (message: string, code = 'HISTORY_RANGE_INVALID') =>
  new AppError('invalid', code, message);

/** The width that gives at most `maxPoints` buckets over `rangeMs`. */
export function pickIntervalMs(rangeMs: number, maxPoints: number): number {
  const needed = Math.ceil(rangeMs / maxPoints);
  return usualIntervalsMs.find((width) => width >= needed) ?? Math.ceil(needed / day) * day;
}

/** The query a request means, or AppError `invalid` naming what is wrong with its range or interval. */
export function planHistoryQuery(
  request: HistoryRequest,
  device: { readonly vendorId: string; readonly deviceId: string },
  now: Date,
): HistoryQuery {
  const toMs = (request.to ?? now).getTime();
  const fromMs = request.from?.getTime() ?? toMs - day;
  if (fromMs >= toMs) throw invalidRange('from must be before to');
  if (toMs - fromMs > maxHistoryRangeMs)
    throw invalidRange(
      `from to to spans more than ${maxHistoryRangeMs / day} days`,
      'HISTORY_RANGE_TOO_LONG',
    );
  const rangeMs = toMs - fromMs;
  const { intervalMs = pickIntervalMs(rangeMs, request.maxPoints) } = request;
  const buckets = Math.ceil(rangeMs / intervalMs);
  if (buckets > request.maxPoints) {
    throw new AppError(
      'invalid',
      'HISTORY_TOO_MANY_POINTS',
      `interval gives ${buckets} points over the range, more than maxPoints (${request.maxPoints})`,
    );
  }
  return {
    measurement: measurementOf[request.source],
    ...device,
    metrics: request.metrics,
    fromMs,
    toMs,
    intervalMs,
    aggregate: request.aggregate,
    resolution: 'raw',
  };
}

/**
 * The coarsest rollup whose buckets fit whole in buckets of `intervalMs` and that holds the aggregate
 * (rollups keep mean, min, max and count, not the last value); else the raw points.
 */
export function pickResolution(intervalMs: number, aggregate: HistoryAggregate): HistoryQuery['resolution'] {
  if (aggregate === 'last') return 'raw';
  return rollupWidths.find(({ widthMs }) => intervalMs % widthMs === 0)?.name ?? 'raw';
}

/**
 * The reads that answer a query at `nowMs`: the buckets whose rollups have settled (contracts'
 * `rollupSettleMs`) from the coarsest rollup that answers, the later ones from raw points. A rollup bucket
 * counts in the bucket its start falls in, so when `from` is not on a whole rollup width the last rollup
 * bucket read reaches past the cut by that edge: the cut is where that bucket, too, has settled (else a point
 * of the last minutes could be in a rollup bucket the job has not computed yet, and read from neither part).
 * The raw read then starts at the next whole rollup bucket, so no point counts twice.
 */
export function splitByResolution(query: HistoryQuery, nowMs: number): HistoryQuery[] {
  const resolution = pickResolution(query.intervalMs, query.aggregate);
  if (resolution === 'raw') return [{ ...query, resolution: 'raw' }];
  const { fromMs, toMs, intervalMs } = query;
  const widthMs = rollupWidths.find((width) => width.name === resolution)?.widthMs ?? 1;
  const edgeMs = (widthMs - (fromMs % widthMs)) % widthMs;
  const settledBuckets = Math.max(0, Math.floor((nowMs - rollupSettleMs - edgeMs - fromMs) / intervalMs));
  const cutMs = Math.min(toMs, fromMs + settledBuckets * intervalMs);
  if (cutMs === fromMs) return [{ ...query, resolution: 'raw' }];
  const rawFromMs = Math.max(cutMs + edgeMs, query.notBeforeMs ?? cutMs);
  return [
    { ...query, toMs: cutMs, resolution },
    ...(cutMs < toMs
      ? [{ ...query, fromMs: cutMs, notBeforeMs: rawFromMs, resolution: 'raw' as const }]
      : []),
  ];
}

/**
 * The rollup a query reads with the aggregate it asks, or undefined for raw points (rollups keep no last
 * value, so `last` always reads raw points).
 */
export function rollupReadBy(
  query: HistoryQuery,
): { readonly width: RollupWidthName; readonly aggregate: Exclude<HistoryAggregate, 'last'> } | undefined {
  if (query.resolution === 'raw' || query.aggregate === 'last') return undefined;
  return { width: query.resolution, aggregate: query.aggregate };
}

/** Reads a query through `reader`, each part from where it is kept (`splitByResolution`), series merged. */
export async function readHistory(
  reader: DeviceHistoryReader,
  query: HistoryQuery,
  nowMs: number,
): Promise<HistorySeries[]> {
  const parts = await Promise.all(splitByResolution(query, nowMs).map((part) => reader.read(part)));
  const byMetric = new Map<string, HistorySeries['points'][number][]>();
  for (const series of parts.flat()) {
    byMetric.set(series.metric, [...(byMetric.get(series.metric) ?? []), ...series.points]);
  }
  return [...byMetric]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([metric, points]) => ({ metric, points }));
}

const unitMs = { ms: 1, s: second, m: minute, h: hour, d: day } as const;

/** `15m` as 900000; the pattern of contracts' `historyIntervalPattern` is checked at the edge. */
export function parseIntervalMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (match === null)
    throw invalidRange(`interval "${text}" is not a number and a unit`, 'HISTORY_INTERVAL_INVALID');
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}
