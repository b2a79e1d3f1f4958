import {
  deviceSeriesTags,
  sqlTimeSeriesTable,
  toRollupMeasurement,
  type HistoryAggregate,
  type RollupStatistic,
} from '@homeport/contracts';
import { queryRows, type SqlQueryable } from '@homeport/storage';
import {
  rollupReadBy,
  type DeviceHistoryReader,
  type HistoryQuery,
  type HistorySeries,
} from '../domain/device-history';

const aggregateSql: Record<HistoryAggregate, string> = {
  mean: 'avg(value)',
  min: 'min(value)',
  max: 'max(value)',
  last: '(array_agg(value ORDER BY time DESC))[1]',
  count: 'count(*)::float8',
};

/**
 * How a rollup's statistics (contracts' layout) answer each aggregate, a mean weighted by the counts; the
 * statistics it needs, so the others' fields are left out before they are cast and grouped.
 */
const rollupAggregates: Record<
  Exclude<HistoryAggregate, 'last'>,
  { readonly valueSql: string; readonly statistics: readonly RollupStatistic[] }
> = {
  mean: {
    valueSql: `sum(value) FILTER (WHERE statistic = 'sum') / sum(value) FILTER (WHERE statistic = 'count')`,
    statistics: ['sum', 'count'],
  },
  min: { valueSql: 'min(value)', statistics: ['min'] },
  max: { valueSql: 'max(value)', statistics: ['max'] },
  count: { valueSql: 'sum(value)', statistics: ['count'] },
};

/**
 * What a query reads: raw points (each number field a metric), or a rollup (each field
 * `<statistic>_<metric>`; statistics hold no `_`).
 */
function selectionOf(query: HistoryQuery): {
  readonly fieldSql: string;
  readonly fieldFilterSql: string;
  readonly valueSql: string;
} {
  const rollup = rollupReadBy(query);
  if (rollup === undefined) {
    return { fieldSql: 'field.key AS metric', fieldFilterSql: '', valueSql: aggregateSql[query.aggregate] };
  }
  const { valueSql, statistics } = rollupAggregates[rollup.aggregate];
  return {
    fieldSql:
      "substr(field.key, strpos(field.key, '_') + 1) AS metric, split_part(field.key, '_', 1) AS statistic",
    // Literals of this file's own list, never of the request.
    fieldFilterSql: `AND split_part(field.key, '_', 1) IN (${statistics.map((one) => `'${one}'`).join(', ')})`,
    valueSql,
  };
}

/** The measurement a query reads: its own, or that of the rollup it reads. */
function measurementOf(query: HistoryQuery): string {
  const rollup = rollupReadBy(query);
  return rollup === undefined ? query.measurement : toRollupMeasurement(query.measurement, rollup.width);
}

/**
 * Buckets of `interval` ($6 ms) starting at `from` ($4) over the points (or rollup buckets) from $8 (`from`, or later when the
 * home's view starts later), as the InfluxDB reader's (date_bin: a bucket per
 * row costs far less than arithmetic on extract(epoch), whose numeric result made the query 4x slower);
 * only number fields (a metric's plain name: `#bool` and `#str` fields hold no numbers), those listed in $7
 * (a jsonb array) when given. Times cross as epoch ms (float8), never as Date objects; the list as jsonb,
 * not an array parameter, which PGlite does not take.
 */
function buildStatement(query: HistoryQuery): string {
  const { fieldSql, fieldFilterSql, valueSql } = selectionOf(query);
  return `
WITH field_value AS (
  SELECT ${fieldSql}, (field.value)::float8 AS value, time,
         date_bin($6::bigint * interval '1 millisecond', time,
                  'epoch'::timestamptz + $4::bigint * interval '1 millisecond') AS bucket
  FROM ${sqlTimeSeriesTable} CROSS JOIN LATERAL jsonb_each(fields) AS field
  WHERE measurement = $1
    AND tags->>'${deviceSeriesTags.vendorId}' = $2 AND tags->>'${deviceSeriesTags.deviceId}' = $3
    AND time >= 'epoch'::timestamptz + $8::bigint * interval '1 millisecond'
    AND time < 'epoch'::timestamptz + $5::bigint * interval '1 millisecond'
    AND jsonb_typeof(field.value) = 'number' ${fieldFilterSql}
), point AS (
  SELECT * FROM field_value WHERE $7::jsonb IS NULL OR $7::jsonb ? metric
)
SELECT metric, (extract(epoch FROM bucket) * 1000)::float8 AS time_ms, ${valueSql} AS value
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
      const rows = await queryRows<BucketRow>(pool, buildStatement(query), [
        measurementOf(query),
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
