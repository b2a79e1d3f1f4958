import {
  deviceSeriesTags,
  toRollupMeasurement,
  type HistoryAggregate,
  type RollupStatistic,
} from '@homeport/contracts';
import {
  createInfluxReader,
  quoteInfluxIdentifier,
  quoteInfluxString,
  type InfluxConnectionOptions,
} from '@homeport/storage';
import {
  rollupReadBy,
  type DeviceHistoryReader,
  type HistoryQuery,
  type HistorySeries,
} from '../domain/device-history';

/** Every numeric field: its plain metric name, without a `#bool` / `#str` type suffix (contracts' layout). */
const numericFields = '[^#]+';

/** The fields of the metrics asked (every numeric one when none is named), after `prefix`. */
function selectFields(metrics: readonly string[] | undefined, prefix = ''): string {
  if (metrics === undefined) return `/^${prefix}${numericFields}$/`;
  // Metric names are letters, digits, `_`, `.` and `-` (contracts' keyPattern): only `.` needs escaping.
  return `/^${prefix}(${metrics.map((metric) => metric.replaceAll('.', '\\.')).join('|')})$/`;
}

/**
 * How a rollup answers each aggregate: InfluxQL functions over its statistics' fields (columns come back
 * as `<function>_<statistic>_<metric>`). A mean is weighted: the buckets' sums over their counts.
 */
const rollupSelections: Record<
  Exclude<HistoryAggregate, 'last'>,
  readonly { readonly fn: string; readonly statistic: RollupStatistic }[]
> = {
  mean: [
    { fn: 'sum', statistic: 'sum' },
    { fn: 'sum', statistic: 'count' },
  ],
  min: [{ fn: 'min', statistic: 'min' }],
  max: [{ fn: 'max', statistic: 'max' }],
  count: [{ fn: 'sum', statistic: 'count' }],
};

/** The SELECT list and measurement a query reads: raw fields, or a rollup's statistics. */
function selectionOf(query: HistoryQuery): { readonly select: string; readonly measurement: string } {
  const rollup = rollupReadBy(query);
  if (rollup === undefined) {
    return {
      select: `${query.aggregate}(${selectFields(query.metrics)})`,
      measurement: query.measurement,
    };
  }
  return {
    select: rollupSelections[rollup.aggregate]
      .map(({ fn, statistic }) => `${fn}(${selectFields(query.metrics, `${statistic}_`)})`)
      .join(', '),
    measurement: toRollupMeasurement(query.measurement, rollup.width),
  };
}

/**
 * InfluxQL over the v1 API: the aggregate of the selected fields, GROUP BY time(interval, offset) with the
 * offset putting the first bucket's start at `from` (InfluxDB aligns buckets to the epoch otherwise, which
 * would cut the range into one bucket more than asked), fill(none) leaving empty buckets out; points from
 * `notBeforeMs` on when it is later than `from`.
 */
function buildStatement(query: HistoryQuery): string {
  const { fromMs, toMs, intervalMs } = query;
  const { select, measurement } = selectionOf(query);
  const offsetMs = ((fromMs % intervalMs) + intervalMs) % intervalMs;
  const where = [
    `${quoteInfluxIdentifier(deviceSeriesTags.vendorId)} = ${quoteInfluxString(query.vendorId)}`,
    `${quoteInfluxIdentifier(deviceSeriesTags.deviceId)} = ${quoteInfluxString(query.deviceId)}`,
    `time >= ${Math.max(fromMs, query.notBeforeMs ?? fromMs)}ms`,
    `time < ${toMs}ms`,
  ].join(' AND ');
  return (
    `SELECT ${select} FROM ${quoteInfluxIdentifier(measurement)}` +
    ` WHERE ${where} GROUP BY time(${intervalMs}ms, ${offsetMs}ms) fill(none)`
  );
}

/**
 * Where a metric's value is in a row: columns `<aggregate>_<field>` of raw points, `<fn>_<statistic>_<metric>`
 * of a rollup, a rollup's mean being the column of sums over that of counts. A field without points in a
 * bucket others have is null there.
 */
function columnsOf(query: HistoryQuery): { prefix: string; divisorPrefix?: string } {
  const rollup = rollupReadBy(query);
  if (rollup === undefined) return { prefix: `${query.aggregate}_` };
  const [value, divisor] = rollupSelections[rollup.aggregate].map(
    ({ fn, statistic }) => `${fn}_${statistic}_`,
  );
  return { prefix: value ?? '', ...(divisor !== undefined && { divisorPrefix: divisor }) };
}

/** The device history reader on InfluxDB (the distributed mode), reading what state-workers wrote. */
export function createInfluxDeviceHistory(options: InfluxConnectionOptions): DeviceHistoryReader {
  const reader = createInfluxReader(options);
  return {
    async read(query) {
      const records = await reader.query(buildStatement(query));
      const { prefix, divisorPrefix } = columnsOf(query);
      const byMetric = new Map<string, { timeMs: number; value: number }[]>();
      for (const { values } of records) {
        const timeMs = Number(values.time);
        for (const [column, value] of Object.entries(values)) {
          if (!column.startsWith(prefix) || typeof value !== 'number') continue;
          const metric = column.slice(prefix.length);
          const divisor = divisorPrefix === undefined ? 1 : values[`${divisorPrefix}${metric}`];
          if (typeof divisor !== 'number' || divisor === 0) continue;
          const points = byMetric.get(metric) ?? [];
          points.push({ timeMs, value: value / divisor });
          byMetric.set(metric, points);
        }
      }
      return [...byMetric]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([metric, points]): HistorySeries => ({ metric, points }));
    },
  };
}
