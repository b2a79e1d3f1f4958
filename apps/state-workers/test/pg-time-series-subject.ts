import { sqlTimeSeriesTable } from '@homeport/contracts';
import type { SqlQueryable } from '@homeport/storage';
import { createPostgresTimeSeriesRollups } from '../src/adapters/pg-time-series-rollups';
import { createPostgresTimeSeriesSink } from '../src/adapters/pg-time-series-sink';
import type { TimeSeriesPoint } from '../src/domain/ports';
import { fewDevicesAStatement, type TimeSeriesRollupsSubject } from './time-series-rollups.contract';

interface PointRow {
  measurement: string;
  tags: Record<string, string>;
  fields: TimeSeriesPoint['fields'];
  time_ms: number;
}

// Times cross as epoch ms (float8 comes back as a number from pg and PGlite alike), never as Date objects.
const readPointsSql = `
SELECT measurement, tags, fields, (extract(epoch FROM time) * 1000)::float8 AS time_ms
FROM ${sqlTimeSeriesTable}
WHERE measurement = $1 AND tags @> $2::jsonb
  AND ($3::bigint IS NULL OR time >= 'epoch'::timestamptz + $3::bigint * interval '1 millisecond')
  AND ($4::bigint IS NULL OR time < 'epoch'::timestamptz + $4::bigint * interval '1 millisecond')`;

/**
 * The SQL time-series sink on a pool whose database has state-workers' migrations applied, as a subject of
 * the time-series and rollups contracts: a pg pool or the embedded PGlite one (openEmbeddedPostgres); `close` releases
 * what the caller opened.
 */
export function createPostgresTimeSeriesSubject(
  pool: SqlQueryable,
  close: () => Promise<void>,
): TimeSeriesRollupsSubject {
  return {
    sink: createPostgresTimeSeriesSink(pool),
    rollups: createPostgresTimeSeriesRollups(pool, fewDevicesAStatement),
    async readPoints(measurement, tags, range) {
      const { rows } = await pool.query<PointRow>(readPointsSql, [
        measurement,
        JSON.stringify(tags),
        range?.fromMs ?? null,
        range?.toMs ?? null,
      ]);
      return rows.map((row) => ({
        measurement: row.measurement,
        tags: row.tags,
        fields: row.fields,
        timeMs: row.time_ms,
      }));
    },
    close,
  };
}
