import { deviceSeriesTags, sqlTimeSeriesTable, type HistoryAggregate } from '@homeport/contracts';
import { queryRows, type SqlQueryable } from '@homeport/storage';
import type { DeviceHistoryReader, HistorySeries } from '../domain/device-history';

const aggregateSql: Record<HistoryAggregate, string> = {
  mean: 'avg(value)',
  min: 'min(value)',
  max: 'max(value)',
  last: '(array_agg(value ORDER BY time DESC))[1]',
  count: 'count(*)::float8',
};

/**
 * Buckets of `interval` ($6 ms) starting at `from` ($4) over the points from $8 (`from`, or later when the
 * home's view starts later), as the InfluxDB reader's (date_bin: a bucket per
 * row costs far less than arithmetic on extract(epoch), whose numeric result made the query 4x slower);
 * only number fields (a metric's plain name: `#bool` and `#str` fields hold no numbers), those listed in $7
 * (a jsonb array) when given. Times cross as epoch ms (float8), never as Date objects; the list as jsonb,
 * not an array parameter, which PGlite does not take.
 */
function buildStatement(aggregate: HistoryAggregate): string {
  return `
WITH point AS (
  SELECT field.key AS metric, (field.value)::float8 AS value, time,
         date_bin($6::bigint * interval '1 millisecond', time,
                  'epoch'::timestamptz + $4::bigint * interval '1 millisecond') AS bucket
  FROM ${sqlTimeSeriesTable} CROSS JOIN LATERAL jsonb_each(fields) AS field
  WHERE measurement = $1
    AND tags->>'${deviceSeriesTags.vendorId}' = $2 AND tags->>'${deviceSeriesTags.deviceId}' = $3
    AND time >= 'epoch'::timestamptz + $8::bigint * interval '1 millisecond'
    AND time < 'epoch'::timestamptz + $5::bigint * interval '1 millisecond'
    AND jsonb_typeof(field.value) = 'number'
    AND ($7::jsonb IS NULL OR $7::jsonb ? field.key)
)
SELECT metric, (extract(epoch FROM bucket) * 1000)::float8 AS time_ms, ${aggregateSql[aggregate]} AS value
FROM point GROUP BY metric, bucket ORDER BY metric COLLATE "C", bucket`;
}

interface BucketRow {
  readonly metric: string;
  readonly time_ms: number;
  readonly value: number;
}

/** The device history reader on the SQL time series (the embedded mode), reading what state-workers wrote. */
export function createPostgresDeviceHistory(pool: SqlQueryable): DeviceHistoryReader {
  return {
    async read(query) {
      const rows = await queryRows<BucketRow>(pool, buildStatement(query.aggregate), [
        query.measurement,
        query.vendorId,
        query.deviceId,
        query.fromMs,
        query.toMs,
        query.intervalMs,
        query.metrics === undefined ? null : JSON.stringify(query.metrics),
        Math.max(query.fromMs, query.notBeforeMs ?? query.fromMs),
      ]);
      const byMetric = new Map<string, { timeMs: number; value: number }[]>();
      for (const row of rows) {
        const points = byMetric.get(row.metric) ?? [];
        points.push({ timeMs: row.time_ms, value: row.value });
        byMetric.set(row.metric, points);
      }
      return [...byMetric].map(([metric, points]): HistorySeries => ({ metric, points }));
    },
  };
}
