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

describe('a PostgreSQL pool whose statements fail', () => {
  const backendOf = async (pool: ReturnType<typeof createPostgresPool>) =>
    (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;

  it('keeps the connection of a statement the server refused, and drops one left in a failed transaction or ended', async () => {
    const database = await createTestDatabase('storage_pg_refused');
    const pool = createPostgresPool({ url: database.url, max: 1 });
    try {
      const first = await backendOf(pool);
      const refused = await catchError(pool.query('SELECT 1 / $1::int AS quotient', [0]));
      const afterRefused = await backendOf(pool);
      // A simple query that opens a transaction and fails inside it leaves the session in that failed block.
      const inFailedBlock = await catchError(pool.query('BEGIN; SELECT 1 / 0'));
      const afterFailedBlock = await backendOf(pool);
      const ended = await catchError(pool.query('SELECT pg_terminate_backend(pg_backend_pid())'));
      const afterEnded = await backendOf(pool);

      expect(refused).toMatchObject({ code: '22012' });
      expect(afterRefused).toBe(first);
      expect(inFailedBlock).toMatchObject({ code: '22012' });
      expect(afterFailedBlock).not.toBe(afterRefused);
      expect(ended).toMatchObject({ code: '57P01' });
      expect(afterEnded).not.toBe(afterFailedBlock);
      expect(pool.totalCount).toBe(1);
    } finally {
      await pool.end();
      await database.drop();
    }
  });
});
