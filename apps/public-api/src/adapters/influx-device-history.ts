import { deviceSeriesTags } from '@homeport/contracts';
import {
  createInfluxReader,
  quoteInfluxIdentifier,
  quoteInfluxString,
  type InfluxConnectionOptions,
} from '@homeport/storage';
import type { DeviceHistoryReader, HistoryQuery, HistorySeries } from '../domain/device-history';

/** Every numeric field: its plain metric name, without a `#bool` / `#str` type suffix (contracts' layout). */
const numericFields = '/^[^#]+$/';

function selectFields(metrics: readonly string[] | undefined): string {
  if (metrics === undefined) return numericFields;
  // Metric names are letters, digits, `_`, `.` and `-` (contracts' keyPattern): only `.` needs escaping.
  return `/^(${metrics.map((metric) => metric.replaceAll('.', '\\.')).join('|')})$/`;
}

/**
 * InfluxQL over the v1 API: the aggregate of the selected fields, GROUP BY time(interval, offset) with the
 * offset putting the first bucket's start at `from` (InfluxDB aligns buckets to the epoch otherwise, which
 * would cut the range into one bucket more than asked), fill(none) leaving empty buckets out; points from
 * `notBeforeMs` on when it is later than `from`.
 */
function buildStatement(query: HistoryQuery): string {
  const { fromMs, toMs, intervalMs } = query;
  const offsetMs = ((fromMs % intervalMs) + intervalMs) % intervalMs;
  const where = [
    `${quoteInfluxIdentifier(deviceSeriesTags.vendorId)} = ${quoteInfluxString(query.vendorId)}`,
    `${quoteInfluxIdentifier(deviceSeriesTags.deviceId)} = ${quoteInfluxString(query.deviceId)}`,
    `time >= ${Math.max(fromMs, query.notBeforeMs ?? fromMs)}ms`,
    `time < ${toMs}ms`,
  ].join(' AND ');
  return (
    `SELECT ${query.aggregate}(${selectFields(query.metrics)}) FROM ${quoteInfluxIdentifier(query.measurement)}` +
    ` WHERE ${where} GROUP BY time(${intervalMs}ms, ${offsetMs}ms) fill(none)`
  );
}

/** The device history reader on InfluxDB (the distributed mode), reading what state-workers wrote. */
export function createInfluxDeviceHistory(options: InfluxConnectionOptions): DeviceHistoryReader {
  const reader = createInfluxReader(options);
  return {
    async read(query) {
      const records = await reader.query(buildStatement(query));
      // Columns are `<aggregate>_<field>`; a field without points in a bucket others have is null there.
      const prefix = `${query.aggregate}_`;
      const byMetric = new Map<string, { timeMs: number; value: number }[]>();
      for (const { values } of records) {
        const timeMs = Number(values.time);
        for (const [column, value] of Object.entries(values)) {
          if (!column.startsWith(prefix) || typeof value !== 'number') continue;
          const metric = column.slice(prefix.length);
          const points = byMetric.get(metric) ?? [];
          points.push({ timeMs, value });
          byMetric.set(metric, points);
        }
      }
      return [...byMetric]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([metric, points]): HistorySeries => ({ metric, points }));
    },
  };
}
