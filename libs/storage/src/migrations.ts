import { runner } from 'node-pg-migrate';
import type { ClientBase } from 'pg';
import { translatePostgresError } from './postgres-errors';
import type { SqlClient, SqlPool } from './sql-pool';

/** Where the migrations are and which database they apply to. */
export interface RunMigrationsOptions {
  /** Connection URL of the database to migrate... */
  readonly databaseUrl?: string;
  /** ...or the pool (e.g. the embedded database) to migrate through one of its connections. */
  readonly pool?: SqlPool;
  /** Directory of migration files (`.sql` or `.ts`), applied in file-name order. */
  readonly migrationsDir: string;
  /** Table that records the applied migrations (default `pgmigrations`). */
  readonly migrationsTable?: string;
  /**
   * The service's own PostgreSQL schema (created when missing): the migrations run with it as search path
   * and record themselves there, so services sharing a database server never touch each other's tables.
   */
  readonly schema?: string;
  /** Receives node-pg-migrate's progress messages (default: none). */
  readonly log?: (message: string) => void;
}

/**
 * Applies every migration of `migrationsDir` not yet recorded in the migrations table, all in one
 * transaction, and resolves with the names applied (empty when the database was up to date).
 * Concurrent runs (several replicas starting at once) take turns on an advisory lock.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<string[]> {
  if (options.pool === undefined) {
    if (options.databaseUrl === undefined) throw new Error('runMigrations needs a databaseUrl or a pool');
    return migrate(options, { databaseUrl: options.databaseUrl });
  }
  const client = await options.pool.connect();
  try {
    return await migrate(options, { dbClient: asMigrationClient(client) });
  } finally {
    // The runner set the session's search path; the embedded database has one session for every user.
    await client.query('RESET search_path').catch(() => undefined);
    client.release();
  }
}

/** node-pg-migrate runs its statements through `query(text)` on a client it is given (a pg ClientBase). */
function asMigrationClient(client: SqlClient): ClientBase {
  return { query: (text: string, values?: unknown[]) => client.query(text, values) } as unknown as ClientBase;
}

async function migrate(
  options: RunMigrationsOptions,
  connection: { databaseUrl: string } | { dbClient: ClientBase },
): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  try {
    const applied = await runner({
      ...connection,
      dir: options.migrationsDir,
      migrationsTable: options.migrationsTable ?? 'pgmigrations',
      ...(options.schema === undefined
        ? {}
        : {
            schema: options.schema,
            migrationsSchema: options.schema,
            createSchema: true,
            createMigrationsSchema: true,
          }),
      direction: 'up',
      checkOrder: true,
      singleTransaction: true,
      advisoryLockMode: 'wait',
      logger: { debug: log, info: log, warn: log, error: log },
    });
    return applied.map((migration) => migration.name);
  } catch (error) {
    throw translatePostgresError(error);
  }
}
