import path from 'node:path';
import { isAppError } from '@homeport/errors';
import { createTestDatabase, type TestDatabase } from '@homeport/testing';
import type pg from 'pg';
import { checkPostgres, createPostgresPool, runMigrations, translatePostgresError } from '../src';

const migrationsDir = path.join(__dirname, 'migrations');

async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('PostgreSQL', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase('storage_pg');
    pool = createPostgresPool({ url: database.url, max: 2 });
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('when migrations run on a fresh database, their tables exist and each is recorded once', async () => {
    const applied = await runMigrations({ databaseUrl: database.url, migrationsDir });

    expect(applied).toEqual(['001_create-devices', '002_create-device-tokens']);
    const tables = await pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(['device_tokens', 'devices', 'pgmigrations']);
    const recorded = await pool.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id');
    expect(recorded.rows.map((row) => row.name)).toEqual(applied);
  });

  it('when migrations run again, nothing is applied and nothing is recorded twice', async () => {
    await runMigrations({ databaseUrl: database.url, migrationsDir });

    const applied = await runMigrations({ databaseUrl: database.url, migrationsDir });

    expect(applied).toEqual([]);
    const recorded = await pool.query('SELECT name FROM pgmigrations');
    expect(recorded.rowCount).toBe(2);
  });

  it('when migrations run with a schema, tables and their record live in that schema only', async () => {
    const applied = await runMigrations({
      databaseUrl: database.url,
      migrationsDir,
      schema: 'device_registry',
    });

    expect(applied).toEqual(['001_create-devices', '002_create-device-tokens']);
    const tables = await pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'device_registry' ORDER BY table_name`,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(['device_tokens', 'devices', 'pgmigrations']);
  });

  it('when a row repeats a unique key, the error becomes a conflict naming the constraint', async () => {
    await runMigrations({ databaseUrl: database.url, migrationsDir });
    await pool.query(`INSERT INTO devices (id, name) VALUES ('dev-1', 'porch')`);

    const error = translatePostgresError(
      await catchError(pool.query(`INSERT INTO devices (id, name) VALUES ('dev-1', 'garage')`)),
    );

    expect(isAppError(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'conflict',
      code: 'UNIQUE_VIOLATION',
      details: { constraint: 'devices_pkey', table: 'devices' },
    });
  });

  it('when the server cannot be reached, checks and migrations fail as unavailable', async () => {
    const unreachableUrl = 'postgres://postgres@127.0.0.1:1/postgres';
    const unreachablePool = createPostgresPool({ url: unreachableUrl, connectionTimeoutMs: 1000 });

    const checkError = await catchError(checkPostgres(unreachablePool));
    const migrationError = await catchError(runMigrations({ databaseUrl: unreachableUrl, migrationsDir }));
    await unreachablePool.end();

    expect(checkError).toMatchObject({ kind: 'unavailable', code: 'DATABASE_UNAVAILABLE' });
    expect(migrationError).toMatchObject({ kind: 'unavailable', code: 'DATABASE_UNAVAILABLE' });
  });

  it('when the database answers, the readiness check resolves', async () => {
    await expect(checkPostgres(pool)).resolves.toBeUndefined();
  });
});
