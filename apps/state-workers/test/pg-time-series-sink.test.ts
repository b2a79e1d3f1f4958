import path from 'node:path';
import { createPostgresPool, runMigrations } from '@homeport/storage';
import { createTestDatabase, findFreePort, type TestDatabase } from '@homeport/testing';
import { stateWorkersSchema } from '../src/adapters/pg-device-state-store';
import { createPostgresTimeSeriesSink } from '../src/adapters/pg-time-series-sink';
import type { TimeSeriesPoint } from '../src/domain/ports';
import { baseTime } from './fixtures';
import { createPostgresTimeSeriesSubject } from './pg-time-series-subject';
import { describeTimeSeriesRollupsContract } from './time-series-rollups.contract';
import { describeTimeSeriesSinkContract } from './time-series-sink.contract';

function pointWith(fields: TimeSeriesPoint['fields']): TimeSeriesPoint {
  return { measurement: 'sc_postgres', tags: { device_id: 'thermo-1' }, fields, timeMs: baseTime };
}

describe('the PostgreSQL time-series sink', () => {
  let database: TestDatabase;
  let pool: ReturnType<typeof createPostgresPool>;

  beforeAll(async () => {
    database = await createTestDatabase('sw_series');
    await runMigrations({
      databaseUrl: database.url,
      migrationsDir: path.join(__dirname, '..', 'migrations'),
      schema: stateWorkersSchema,
    });
    pool = createPostgresPool({ url: database.url, max: 2 });
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  describeTimeSeriesSinkContract('meets the time-series contract', () =>
    Promise.resolve(createPostgresTimeSeriesSubject(pool, () => Promise.resolve())),
  );

  describeTimeSeriesRollupsContract('meets the rollups contract', () =>
    Promise.resolve(createPostgresTimeSeriesSubject(pool, () => Promise.resolve())),
  );

  it('a string PostgreSQL cannot store (a NUL character) is refused as invalid, where InfluxDB would store it', async () => {
    await expect(createPostgresTimeSeriesSink(pool)([pointWith({ note: 'a\u0000b' })])).rejects.toMatchObject(
      {
        kind: 'invalid',
        code: 'TIME_SERIES_DATA_INVALID',
      },
    );
  });

  it('a number that is not finite is refused as invalid', async () => {
    await expect(
      createPostgresTimeSeriesSink(pool)([pointWith({ value: Number.NaN })]),
    ).rejects.toMatchObject({
      kind: 'invalid',
    });
  });

  it('when PostgreSQL cannot be reached, a write fails as unavailable', async () => {
    const unreachable = createPostgresPool({ url: `postgres://root@127.0.0.1:${await findFreePort()}/test` });
    try {
      await expect(createPostgresTimeSeriesSink(unreachable)([pointWith({ a: 1 })])).rejects.toMatchObject({
        kind: 'unavailable',
      });
    } finally {
      await unreachable.end();
    }
  });
});
