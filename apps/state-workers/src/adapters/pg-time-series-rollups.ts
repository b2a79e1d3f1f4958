import { deviceSeriesTags, sqlTimeSeriesTable } from '@homeport/contracts';
import { translatePostgresError, type SqlQueryable } from '@homeport/storage';
import type { TimeSeriesRollups } from '../domain/ports';
import { listRollupSteps } from '../domain/time-series-retention';

/**
 * The rollup of one measurement's raw points into buckets of $3 ms over [$4, $5) ms (whole buckets), written as points
 * of measurement $2 in the same table, a bucket written again replacing its fields: what InfluxDB's
 * `SELECT ... INTO` does (fields `mean_<metric>` and so on, contracts' layout). Only number fields (a
 * metric's plain name), as the history readers read them.
 */
const rollUpSql = `
WITH point AS (
  SELECT tags, field.key AS metric, (field.value)::float8 AS value,
         date_bin($3::bigint * interval '1 millisecond', time, 'epoch'::timestamptz) AS bucket
  FROM ${sqlTimeSeriesTable} CROSS JOIN LATERAL jsonb_each(fields) AS field
  WHERE measurement = $1
    AND time >= 'epoch'::timestamptz + $4::bigint * interval '1 millisecond'
    AND time < 'epoch'::timestamptz + $5::bigint * interval '1 millisecond'
    AND jsonb_typeof(field.value) = 'number'
), per_metric AS (
  SELECT tags, bucket, metric, jsonb_build_object(
           'mean_' || metric, avg(value), 'min_' || metric, min(value), 'max_' || metric, max(value),
           'count_' || metric, count(*), 'sum_' || metric, sum(value)) AS statistics
  FROM point GROUP BY tags, bucket, metric
), per_bucket AS (
  SELECT tags, bucket, jsonb_object_agg(statistic.key, statistic.value) AS fields
  FROM per_metric CROSS JOIN LATERAL jsonb_each(statistics) AS statistic
  GROUP BY tags, bucket
)
INSERT INTO ${sqlTimeSeriesTable} AS existing (measurement, tags, fields, time)
SELECT $2, tags, fields, bucket FROM per_bucket ORDER BY tags::text, bucket
ON CONFLICT (measurement, series_key, time) DO UPDATE SET fields = excluded.fields`;

/**
 * The rollup of measurement $1 (a narrower rollup: fields `<statistic>_<metric>`) into buckets of $3 ms
 * over [$4, $5) ms, written as $2 like rollUpSql: per metric the count and sum added up, the mean their
 * ratio, the min of the mins and the max of the maxes.
 */
const combineSql = `
WITH statistic AS (
  SELECT tags, split_part(field.key, '_', 1) AS statistic,
         substr(field.key, length(split_part(field.key, '_', 1)) + 2) AS metric, (field.value)::float8 AS value,
         date_bin($3::bigint * interval '1 millisecond', time, 'epoch'::timestamptz) AS bucket
  FROM ${sqlTimeSeriesTable} CROSS JOIN LATERAL jsonb_each(fields) AS field
  WHERE measurement = $1
    AND time >= 'epoch'::timestamptz + $4::bigint * interval '1 millisecond'
    AND time < 'epoch'::timestamptz + $5::bigint * interval '1 millisecond'
), per_metric AS (
  SELECT tags, bucket, metric,
         sum(value) FILTER (WHERE statistic = 'sum') AS total,
         sum(value) FILTER (WHERE statistic = 'count') AS count,
         min(value) FILTER (WHERE statistic = 'min') AS least,
         max(value) FILTER (WHERE statistic = 'max') AS greatest
  FROM statistic GROUP BY tags, bucket, metric
), per_bucket AS (
  SELECT tags, bucket, jsonb_object_agg(statistic.key, statistic.value) AS fields
  FROM per_metric CROSS JOIN LATERAL jsonb_each(jsonb_build_object(
         'mean_' || metric, total / count, 'min_' || metric, least, 'max_' || metric, greatest,
         'count_' || metric, count::bigint, 'sum_' || metric, total)) AS statistic
  WHERE count > 0
  GROUP BY tags, bucket
)
INSERT INTO ${sqlTimeSeriesTable} AS existing (measurement, tags, fields, time)
SELECT $2, tags, fields, bucket FROM per_bucket ORDER BY tags::text, bucket
ON CONFLICT (measurement, series_key, time) DO UPDATE SET fields = excluded.fields`;

/** The points of $1 before $2 ms of the vendors in $3 (a jsonb array), or of every vendor but them ($4). */
const deleteSql = `
DELETE FROM ${sqlTimeSeriesTable}
WHERE measurement = $1 AND time < 'epoch'::timestamptz + $2::bigint * interval '1 millisecond'
  AND ($3::jsonb ? (tags->>'${deviceSeriesTags.vendorId}')) = $4::boolean`;

/**
 * Rollups and retention on the SQL time series (the embedded mode; PostgreSQL or PGlite): the same layout
 * and rules as on InfluxDB, rollups stored as points of their own measurements in the same table.
 */
export function createPostgresTimeSeriesRollups(pool: SqlQueryable): TimeSeriesRollups {
  const run = async (sql: string, params: unknown[]) => {
    try {
      await pool.query(sql, params);
    } catch (error) {
      throw translatePostgresError(error);
    }
  };
  return {
    async rollUp(range) {
      for (const step of listRollupSteps(range)) {
        // A wider width from the narrower rollup: 12x fewer rows to read than the raw points.
        const [sql, source] =
          step.fromRollup === undefined ? [rollUpSql, step.measurement] : [combineSql, step.fromRollup];
        await run(sql, [source, step.rollup, step.widthMs, step.startMs, step.endMs]);
      }
    },
    async deleteBefore(cut) {
      const only = 'only' in cut.vendors;
      const vendors = only ? cut.vendors.only : cut.vendors.except;
      await run(deleteSql, [cut.measurement, cut.beforeMs, JSON.stringify(vendors), only]);
    },
  };
}
