import { isJsonObject } from '@homeport/contracts';
import { AppError } from '@homeport/errors';

/** A value in a query result: JSON's scalars (time is epoch milliseconds). */
export type InfluxValue = string | number | boolean | null;

/**
 * One row of a query result: the series' measurement, its GROUP BY tags (empty without GROUP BY), and
 * the row's value per column, including `time` in epoch milliseconds and any selected tag columns.
 */
export interface InfluxRecord {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, InfluxValue>>;
}

interface RawSeries {
  name?: unknown;
  tags?: unknown;
  columns?: unknown;
  values?: unknown;
}

interface RawStatementResult {
  error?: unknown;
  series?: unknown;
}

function malformed(reason: string): AppError {
  return new AppError('internal', 'INFLUX_RESPONSE_MALFORMED', `unexpected /query response: ${reason}`);
}

function toRecords(series: RawSeries): InfluxRecord[] {
  const { name, columns, values } = series;
  if (typeof name !== 'string' || !Array.isArray(columns) || !Array.isArray(values ?? [])) {
    throw malformed('series without name, columns or values');
  }
  const tags = isJsonObject(series.tags) ? (series.tags as Record<string, string>) : {};
  return ((values ?? []) as unknown[][]).map((row) => {
    const entries = (columns as unknown[]).map((column, index) => [String(column), row[index] ?? null]);
    return { measurement: name, tags, values: Object.fromEntries(entries) as Record<string, InfluxValue> };
  });
}

/**
 * Turns the JSON of /query (`{ results: [{ series: [...] } | { error }] }`) into records, all statements'
 * rows in order. A statement's error (e.g. database not found) becomes AppError `invalid`.
 */
export function parseQueryResponse(body: unknown): InfluxRecord[] {
  if (!isJsonObject(body) || !Array.isArray(body.results)) throw malformed('no results');
  return (body.results as unknown[]).flatMap((result) => {
    if (!isJsonObject(result)) throw malformed('a result is not an object');
    const { error, series } = result as RawStatementResult;
    if (typeof error === 'string') throw new AppError('invalid', 'INFLUX_QUERY_INVALID', error);
    if (series === undefined) return [];
    if (!Array.isArray(series)) throw malformed('series is not an array');
    return (series as unknown[]).flatMap((one) => {
      if (!isJsonObject(one)) throw malformed('a series is not an object');
      return toRecords(one);
    });
  });
}
