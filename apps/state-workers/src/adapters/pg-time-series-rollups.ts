import { deviceSeriesTags, sqlTimeSeriesTable } from '@homeport/contracts';
import { translatePostgresError, type SqlQueryable } from '@homeport/storage';
import type { TimeSeriesRollups } from '../domain/ports';
import { listRollupSteps } from '../domain/time-series-retention';
import { rollupPacing, runPacedChunks, type ChunkPacing } from './paced-chunks';

const vendorOf = `(tags->>'${deviceSeriesTags.vendorId}')`;
const deviceOf = `(tags->>'${deviceSeriesTags.deviceId}')`;

/**
 * The points of measurement $1 over [$4, $5) ms of the devices in $6 (a jsonb array of `{ vendor, device }`),
 * as a FROM item: a lookup per device, each a range of the index on (measurement, vendor, device, time).
 * `OFFSET 0` keeps the lateral subquery from being flattened into a join: PGlite has no autovacuum to
 * gather statistics, and without them that join was planned as a scan of the whole measurement's time
 * range for each statement.
 */
const chunkPoints = `jsonb_to_recordset($6::jsonb) AS chunk (vendor text, device text)
  CROSS JOIN LATERAL (
    SELECT tags, fields, time FROM ${sqlTimeSeriesTable}
    WHERE measurement = $1 AND ${vendorOf} = chunk.vendor AND ${deviceOf} = chunk.device
      AND time >= 'epoch'::timestamptz + $4::bigint * interval '1 millisecond'
      AND time < 'epoch'::timestamptz + $5::bigint * interval '1 millisecond'
    OFFSET 0
  ) AS point`;

/**
 * The vendors and devices with points of measurement $1, in the index's order, one index probe each (a
 * loose index scan): the index does not lead with the time, so selecting a time range over every device
 * read the whole measurement's entries. A point without either tag is never listed, so never rolled up:
 * every point state-workers writes carries both.
 */
const listDevicesSql = `
WITH RECURSIVE device AS (
  (SELECT ${vendorOf} AS vendor, ${deviceOf} AS device FROM ${sqlTimeSeriesTable}
   WHERE measurement = $1 ORDER BY ${vendorOf}, ${deviceOf} LIMIT 1)
  UNION ALL
  SELECT next.vendor, next.device FROM device CROSS JOIN LATERAL (
    SELECT ${vendorOf} AS vendor, ${deviceOf} AS device FROM ${sqlTimeSeriesTable}
    WHERE measurement = $1 AND (${vendorOf}, ${deviceOf}) > (device.vendor, device.device)
    ORDER BY ${vendorOf}, ${deviceOf} LIMIT 1) AS next
)
SELECT vendor, device FROM device`;

/**
 * The rollup of one measurement's raw points into buckets of $3 ms over [$4, $5) ms (whole buckets), of the
 * devices in $6, written as points of measurement $2 in the same table, a bucket written again replacing
 * its fields: what InfluxDB's `SELECT ... INTO` does (fields `mean_<metric>` and so on, contracts'
 * layout). Only number fields (a metric's plain name), as the history readers read them.
 */
const rollUpSql = `
WITH point_metric AS (
  SELECT point.tags, field.key AS metric, (field.value)::float8 AS value,
         date_bin($3::bigint * interval '1 millisecond', point.time, 'epoch'::timestamptz) AS bucket
  FROM ${chunkPoints} CROSS JOIN LATERAL jsonb_each(point.fields) AS field
  WHERE jsonb_typeof(field.value) = 'number'
), per_metric AS (
  SELECT tags, bucket, metric, jsonb_build_object(
           'mean_' || metric, avg(value), 'min_' || metric, min(value), 'max_' || metric, max(value),
           'count_' || metric, count(*), 'sum_' || metric, sum(value)) AS statistics
  FROM point_metric GROUP BY tags, bucket, metric
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
 * over [$4, $5) ms, of the devices in $6, written as $2 like rollUpSql: per metric the count and sum added
 * up, the mean their ratio, the min of the mins and the max of the maxes.
 */
const combineSql = `
WITH statistic AS (
  SELECT point.tags, split_part(field.key, '_', 1) AS statistic,
         substr(field.key, length(split_part(field.key, '_', 1)) + 2) AS metric, (field.value)::float8 AS value,
         date_bin($3::bigint * interval '1 millisecond', point.time, 'epoch'::timestamptz) AS bucket
  FROM ${chunkPoints} CROSS JOIN LATERAL jsonb_each(point.fields) AS field
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
 * and rules as on InfluxDB, rollups stored as points of their own measurements in the same table. Each step
 * runs a few devices a statement, paced as on InfluxDB: in one statement, the 5-minute bucket of 1,000
 * devices at a message a second held PGlite, and every write of `npm start` with it, for 8 s (issue 22).
 */
export function createPostgresTimeSeriesRollups(
  pool: SqlQueryable,
  pacing: ChunkPacing = rollupPacing,
): TimeSeriesRollups {
  const run = async <Row extends object>(sql: string, params: unknown[]) => {
    try {
      return await pool.query<Row>(sql, params);
    } catch (error) {
      throw translatePostgresError(error);
    }
  };
  return {
    async rollUp(range, hurry) {
      for (const step of listRollupSteps(range)) {
        // A wider width from the narrower rollup: 12x fewer rows to read than the raw points.
        const [sql, source] =
          step.fromRollup === undefined ? [rollUpSql, step.measurement] : [combineSql, step.fromRollup];
        const params = [source, step.rollup, step.widthMs, step.startMs, step.endMs];
        const { rows: devices } = await run<{ vendor: string; device: string }>(listDevicesSql, [source]);
        await runPacedChunks(
          devices,
          async (chunk) => {
            await run(sql, [...params, JSON.stringify(chunk)]);
          },
          pacing,
          hurry,
        );
      }
    },
    async deleteBefore(cut) {
      const only = 'only' in cut.vendors;
      const vendors = only ? cut.vendors.only : cut.vendors.except;
      await run(deleteSql, [cut.measurement, cut.beforeMs, JSON.stringify(vendors), only]);
    },
  };
}
