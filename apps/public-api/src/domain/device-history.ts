import {
  maxHistoryRangeMs,
  reportedStateMeasurement,
  telemetryMeasurement,
  type HistoryAggregate,
  type HistorySource,
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
  };
}

const unitMs = { ms: 1, s: second, m: minute, h: hour, d: day } as const;

/** `15m` as 900000; the pattern of contracts' `historyIntervalPattern` is checked at the edge. */
export function parseIntervalMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (match === null)
    throw invalidRange(`interval "${text}" is not a number and a unit`, 'HISTORY_INTERVAL_INVALID');
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}
