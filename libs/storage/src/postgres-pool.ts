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

/**
 * Creates a pg connection pool. The caller ends it with `pool.end()` at shutdown. A statement the server
 * refuses keeps its connection (`keepConnectionsOnRefusedStatements`).
 */
export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    application_name: options.applicationName,
  });
  pool.on('error', options.onIdleError ?? (() => undefined));
  keepConnectionsOnRefusedStatements(pool);
  return pool;
}

/**
 * pg-pool's `query` destroys its connection on any error (pg-pool 3 `client.release(err)`), also when the
 * server refused one statement and the connection is as good as before: a unique violation, a report over
 * a limit, each of the halves state-workers splits a batch into around a refused report. The next query
 * then opens a new connection: a backend forked and authenticated, about 20 ms here, so one device
 * sending refused reports made its state-workers replica reconnect for each of them. Here a statement's
 * ERROR (not FATAL or PANIC, which end the session) that leaves the session outside any transaction gives
 * the connection back to the pool; every other failure (a broken socket, a session left in a failed
 * transaction block) discards it as before. Promise calls only: a callback call is the library's own.
 */
function keepConnectionsOnRefusedStatements(pool: pg.Pool): void {
  const libraryQuery = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const query = (...args: unknown[]): unknown =>
    args.some((arg) => typeof arg === 'function')
      ? libraryQuery(...args)
      : queryKeepingConnection(pool, args[0] as string | pg.QueryConfig, args[1] as unknown[] | undefined);
  pool.query = query as typeof pool.query;
}

async function queryKeepingConnection(
  pool: pg.Pool,
  statement: string | pg.QueryConfig,
  values: unknown[] | undefined,
): Promise<pg.QueryResult> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // pg emits a connection failure as 'error' on the client too: without a listener it would end the process.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    return await client.query(statement, values);
  } catch (error) {
    broken ??= isRefusedStatement(error, client) ? undefined : toError(error);
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** The server refused the statement and the session is idle again, outside any transaction. */
function isRefusedStatement(error: unknown, client: pg.PoolClient): boolean {
  return (
    error instanceof pg.DatabaseError && error.severity === 'ERROR' && client.getTransactionStatus() === 'I'
  );
}

const toError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** Resolves when the database answers a query; rejects with AppError `unavailable` when it does not. */
export async function checkPostgres(pool: SqlQueryable): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    throw translatePostgresError(error);
  }
}
