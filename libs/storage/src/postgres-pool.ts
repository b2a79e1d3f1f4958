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
 * sending refused reports made its state-workers replica reconnect for each of them. Here a statement the
 * server refused gives the connection back to the pool once the server says the session is idle outside
 * any transaction; every other failure (a broken socket, a session that ended, one left in a failed
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
    const isRefused = await isRefusedStatement(error, client);
    if (!isRefused) broken ??= toError(error);
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** How long a refused statement's session may take to report its transaction status (it follows at once). */
const readyForQueryWaitMs = 1_000;

/**
 * The server refused the statement (an ErrorResponse) and then said the session is idle outside any
 * transaction. pg rejects the query on the ErrorResponse; the ReadyForQuery with the session's status may
 * come in a later read, and until then `getTransactionStatus()` still tells the previous statement's: so
 * this waits for it (pg emits 'drain' after it). A session that ends instead (FATAL) never sends one.
 */
async function isRefusedStatement(error: unknown, client: pg.PoolClient): Promise<boolean> {
  if (!(error instanceof pg.DatabaseError)) return false;
  const isReady = await untilReadyForQuery(client);
  return isReady && client.getTransactionStatus() === 'I';
}

/** Resolves true once the client has its ReadyForQuery, false if it ended or did not get one in time. */
function untilReadyForQuery(client: pg.PoolClient): Promise<boolean> {
  // pg 8's own flag (not in its typings): false from a query's start until its ReadyForQuery.
  if ((client as unknown as { readyForQuery?: boolean }).readyForQuery === true) return Promise.resolve(true);
  return new Promise((resolve) => {
    const settle = (isReady: boolean) => () => {
      clearTimeout(timer);
      client.off('drain', onReady);
      client.off('end', onEnd);
      client.off('error', onEnd);
      resolve(isReady);
    };
    const onReady = settle(true);
    const onEnd = settle(false);
    const timer = setTimeout(onEnd, readyForQueryWaitMs);
    client.on('drain', onReady);
    client.on('end', onEnd);
    client.on('error', onEnd);
  });
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
