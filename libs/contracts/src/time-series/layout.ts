/**
 * The layout of device time series, shared by their writer (state-workers) and their readers (public-api's
 * history): measurement, tag and field names in InfluxDB, and the table and columns of the SQL time series
 * of the embedded mode. Stored data is written under these names, so they are persistent state: renaming
 * one needs a migration of what is stored.
 */

/** Measurement of telemetry: one field per metric (named by `toFieldName`). */
export const telemetryMeasurement = 'device_telemetry';

/** Measurement of device events: `data` (JSON text) and `message_id` fields. */
export const deviceEventMeasurement = 'device_events';

/**
 * Measurement of reported state: one point per report, at the report's time, one float field per property
 * whose value is a number or a boolean (`toStateFields`), so it is charted and aggregated like telemetry.
 */
export const reportedStateMeasurement = 'device_state';

/** The tags every device point carries. */
export const deviceSeriesTags = { vendorId: 'vendor_id', deviceId: 'device_id' } as const;

/**
 * The suffix of a field name per value type. A field's type is fixed per measurement in InfluxDB 1.x (per
 * shard, across every series), so one device sending `"temperature":"x"` where others send numbers would
 * have InfluxDB refuse that field for every device until the shard ends. With the type in the name a
 * conflict is impossible by construction: numbers keep the metric's name (always floats, so 87 and 87.5
 * agree), the usual case and what a reader of a device's numeric metric asks for (`SELECT "temperature"`);
 * a boolean is `<metric>#bool`, a string `<metric>#str`. `#` cannot occur in a metric name (contracts'
 * key pattern), so no metric's plain name is another's suffixed one.
 */
export const fieldTypeSuffixes = { number: '', boolean: '#bool', string: '#str' } as const;

/** The field name a metric's value is stored under (see `fieldTypeSuffixes`). */
export function toFieldName(metric: string, value: number | boolean | string): string {
  if (typeof value === 'number') return metric;
  return `${metric}${typeof value === 'boolean' ? fieldTypeSuffixes.boolean : fieldTypeSuffixes.string}`;
}

/**
 * The fields a reported state is recorded under (`reportedStateMeasurement`): a number under the property's
 * name, a boolean as 1 or 0 under its name (so `mean` is the share of the time it was true), every field a
 * float, so no type conflict can arise in InfluxDB. Strings, objects, arrays and null are not recorded: a
 * history answer is numbers per bucket, and the latest of those values is the device's current state.
 * Empty when the report holds no number or boolean.
 */
export function toStateFields(state: Readonly<Record<string, unknown>>): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const [property, value] of Object.entries(state)) {
    if (typeof value === 'number') fields[property] = value;
    else if (typeof value === 'boolean') fields[property] = value ? 1 : 0;
  }
  return fields;
}

/**
 * The table of the SQL time series (state-workers' migrations/002_time-series.sql): one row per point,
 * columns `measurement`, `tags` and `fields` (jsonb objects, tag and field names as above) and `time`
 * (timestamptz(3)), indexed by measurement, `tags->>'vendor_id'`, `tags->>'device_id'` and time.
 */
export const sqlTimeSeriesTable = 'state_workers.time_series_points';

/**
 * The rollups of telemetry and reported state, coarsest first: per bucket of `widthMs` (aligned to the
 * epoch), per series and numeric field, the points' mean, min, max, count and sum (the sum lets a reader
 * weight the means of several buckets exactly). Stored as points of their own measurement
 * (`toRollupMeasurement`) with the raw series' tags, fields named by `toRollupFieldName`, at the bucket's
 * start, in InfluxDB and in `sqlTimeSeriesTable` alike. state-workers keeps them (and the retention of
 * raw points and rollups); public-api's history reads them.
 */
export const rollupWidths = [
  { name: '1h', widthMs: 3_600_000 },
  { name: '5m', widthMs: 300_000 },
] as const;

/** A rollup width's name. */
export type RollupWidthName = (typeof rollupWidths)[number]['name'];

/** The raw measurements that have rollups. */
export const rolledUpMeasurements = [telemetryMeasurement, reportedStateMeasurement] as const;

/** The statistics of a rollup bucket, per field. */
export const rollupStatistics = ['mean', 'min', 'max', 'count', 'sum'] as const;

/** A rollup statistic. */
export type RollupStatistic = (typeof rollupStatistics)[number];

/** The measurement of a raw measurement's rollup of a width: `device_telemetry_5m`. */
export function toRollupMeasurement(measurement: string, width: RollupWidthName): string {
  return `${measurement}_${width}`;
}

/** The field of a metric's statistic in a rollup: `mean_temperature` (InfluxQL's name for `SELECT ... INTO`). */
export function toRollupFieldName(statistic: RollupStatistic, metric: string): string {
  return `${statistic}_${metric}`;
}

/**
 * How long after a time its rollups may still be incomplete: state-workers rolls up every minute, and a
 * point reaches the store within seconds. Readers read raw points for the buckets after `now - this`.
 */
export const rollupSettleMs = 5 * 60_000;
