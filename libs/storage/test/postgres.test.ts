import path from 'node:path';
import { createTestDatabase } from '@homeport/testing';
import { checkPostgres, createPostgresPool, runMigrations } from '../src';
import { catchError, describeSqlPoolContract } from './sql-pool.contract';

const migrationsDir = path.join(__dirname, 'migrations');

describeSqlPoolContract('a PostgreSQL server pool', async () => {
  const database = await createTestDatabase('storage_pg');
  const pool = createPostgresPool({ url: database.url, max: 5 });
  return {
    pool,
    migrationTarget: { databaseUrl: database.url },
    async close() {
      await pool.end();
      await database.drop();
    },
  };
});

describe('a PostgreSQL server that cannot be reached', () => {
  it('fails checks and migrations as unavailable', async () => {
    const unreachableUrl = 'postgres://postgres@127.0.0.1:1/postgres';
    const unreachablePool = createPostgresPool({ url: unreachableUrl, connectionTimeoutMs: 1000 });

    const checkError = await catchError(checkPostgres(unreachablePool));
    const migrationError = await catchError(runMigrations({ databaseUrl: unreachableUrl, migrationsDir }));
    await unreachablePool.end();

    expect(checkError).toMatchObject({ kind: 'unavailable', code: 'DATABASE_UNAVAILABLE' });
    expect(migrationError).toMatchObject({ kind: 'unavailable', code: 'DATABASE_UNAVAILABLE' });
  });
});
