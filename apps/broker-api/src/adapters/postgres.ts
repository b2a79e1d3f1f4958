import { AppError } from '@homeport/errors';
import { translatePostgresError, type SqlPool, type SqlQueryable } from '@homeport/storage';

/** The pool the repositories use: a PostgreSQL server's or the embedded database (tables in `broker_api`). */
export type Pool = SqlPool;
/** A pool or one checked-out client (inside a transaction). */
export type Queryable = SqlQueryable;

/** The PostgreSQL schema broker-api owns; its migrations run there. */
export const schemaName = 'broker_api';

/** Runs one statement and returns its rows; driver errors become AppErrors (see translatePostgresError). */
export async function queryRows<Row>(db: Queryable, sql: string, params: unknown[] = []): Promise<Row[]> {
  try {
    const result = await db.query(sql, params);
    return result.rows as Row[];
  } catch (error) {
    throw translatePostgresError(error);
  }
}

/** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: Pool, work: (db: Queryable) => Promise<T>): Promise<T> {
  const client = await pool
    .connect()
    .catch((error: unknown) => Promise.reject(translatePostgresError(error)));
  try {
    await queryRows(client, 'BEGIN');
    const result = await work(client);
    await queryRows(client, 'COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** What a unique or foreign-key violation means for one statement. */
export interface ViolationMeaning {
  readonly unique?: AppError;
  readonly foreignKey?: AppError;
}

/** Replaces the generic conflict of a unique / foreign-key violation with what it means here. */
export function explainViolation(error: unknown, meaning: ViolationMeaning): unknown {
  if (!(error instanceof AppError)) return error;
  if (error.code === 'UNIQUE_VIOLATION' && meaning.unique !== undefined) return meaning.unique;
  if (error.code === 'FOREIGN_KEY_VIOLATION' && meaning.foreignKey !== undefined) return meaning.foreignKey;
  return error;
}

/** Splits `limit + 1` rows into a page and the id to continue after. */
export function toPage<T extends { id: string }>(
  rows: T[],
  limit: number,
): { items: T[]; nextAfter?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return last === undefined ? { items } : { items, nextAfter: last.id };
}

/** The first row of a statement that always returns one (INSERT ... RETURNING). */
export function firstRow<Row>(rows: Row[]): Row {
  const row = rows[0];
  if (row === undefined) throw new Error('the statement returned no row');
  return row;
}
