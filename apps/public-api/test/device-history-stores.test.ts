import { deviceSeriesTags, sqlTimeSeriesTable } from '@homeport/contracts';
import {
  createInfluxWriter,
  createPostgresPool,
  openEmbeddedPostgres,
  Point,
  runMigrations,
  type SqlQueryable,
} from '@homeport/storage';
import { createTestDatabase, createTestInfluxDatabase } from '@homeport/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInfluxDeviceHistory } from '../src/adapters/influx-device-history';
import { createPostgresDeviceHistory } from '../src/adapters/pg-device-history';
import { describeDeviceHistoryContract, type StoredPoint } from './device-history.contract';

/** The table is state-workers' (its migrations create it), read by public-api through the shared layout. */
const stateWorkersMigrations = join(__dirname, '../../state-workers/migrations');

const tagsOf = (point: StoredPoint) => ({
  [deviceSeriesTags.vendorId]: point.vendorId,
  [deviceSeriesTags.deviceId]: point.deviceId,
});

/** Rows as state-workers' SQL sink writes them (measurement, tags, fields, time). */
async function storeRows(pool: SqlQueryable, points: readonly StoredPoint[]): Promise<void> {
  for (const one of points) {
    await pool.query(
      `INSERT INTO ${sqlTimeSeriesTable} (measurement, tags, fields, time)
       VALUES ($1, $2::jsonb, $3::jsonb, 'epoch'::timestamptz + $4::bigint * interval '1 millisecond')`,
      [one.measurement, JSON.stringify(tagsOf(one)), JSON.stringify(one.fields), one.timeMs],
    );
  }
}

describeDeviceHistoryContract('the InfluxDB device history', async () => {
  const influx = await createTestInfluxDatabase('papi_history');
  const options = { url: influx.url, database: influx.database };
  return {
    reader: createInfluxDeviceHistory(options),
    async store(points) {
      // As state-workers' InfluxDB sink writes them: numbers as floats, booleans and strings by their type.
      const writer = createInfluxWriter({ ...options, precision: 'ms' });
      writer.write(
        points.map((one) => {
          const point = new Point(one.measurement).timestamp(one.timeMs);
          for (const [name, value] of Object.entries(tagsOf(one))) point.tag(name, value);
          for (const [name, value] of Object.entries(one.fields)) {
            if (typeof value === 'number') point.floatField(name, value);
            else if (typeof value === 'boolean') point.booleanField(name, value);
            else point.stringField(name, value);
          }
          return point;
        }),
      );
      await writer.flush();
    },
    close: () => influx.drop(),
  };
});

describeDeviceHistoryContract('the SQL device history on PostgreSQL', async () => {
  const database = await createTestDatabase('papi_history');
  await runMigrations({
    databaseUrl: database.url,
    migrationsDir: stateWorkersMigrations,
    schema: 'state_workers',
  });
  const pool = createPostgresPool({ url: database.url, max: 2 });
  return {
    reader: createPostgresDeviceHistory(pool),
    store: (points) => storeRows(pool, points),
    async close() {
      await pool.end();
      await database.drop();
    },
  };
});

describeDeviceHistoryContract('the SQL device history on PGlite (the embedded mode)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'papi-history-'));
  const pool = await openEmbeddedPostgres({ dataDir });
  await runMigrations({ pool, migrationsDir: stateWorkersMigrations, schema: 'state_workers' });
  return {
    reader: createPostgresDeviceHistory(pool),
    store: (points) => storeRows(pool, points),
    async close() {
      await pool.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
