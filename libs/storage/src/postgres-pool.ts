import pg from 'pg';
import { translatePostgresError } from './postgres-errors';
import type { SqlQueryable } from './sql-pool';

/** Settings of a PostgreSQL connection pool. */
export interface PostgresPoolOptions {
  /** Connection URL, e.g. postgres://user:secret@host:5432/db. */
  readonly url: string;
  /** Most connections at once (default 10). */
  readonly max?: number;
  /** How long to wait for a connection before failing (default 5000; pg's own default waits forever). */
  readonly connectionTimeoutMs?: number;
  /** Shown in pg_stat_activity, e.g. the service name. */
  readonly applicationName?: string;
  /**
   * Called when an idle connection fails (e.g. the server restarted). The pool has already discarded it
   * and opens a new one on the next query; without a listener pg's 'error' event would end the process.
   */
  readonly onIdleError?: (error: Error) => void;
}

/** Creates a pg connection pool. The caller ends it with `pool.end()` at shutdown. */
export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    application_name: options.applicationName,
  });
  pool.on('error', options.onIdleError ?? (() => undefined));
  return pool;
}

/** Resolves when the database answers a query; rejects with AppError `unavailable` when it does not. */
export async function checkPostgres(pool: SqlQueryable): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    throw translatePostgresError(error);
  }
}
