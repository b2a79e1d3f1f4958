import { AppError } from '@homeport/errors';
import { translatePostgresError } from './postgres-errors';
import type { NamedStatement, SqlPool, SqlQueryable } from './sql-pool';

/** The SQL of a statement, named or not. */
export function statementText(statement: string | NamedStatement): string {
  return typeof statement === 'string' ? statement : statement.text;
}

/** Runs one statement and returns its rows; driver errors become AppErrors (see translatePostgresError). */
export async function queryRows<Row>(
  db: SqlQueryable,
  sql: string | NamedStatement,
  params: unknown[] = [],
): Promise<Row[]> {
  try {
    const result = await db.query(sql, params);
    return result.rows as Row[];
  } catch (error) {
    throw translatePostgresError(error);
  }
}

/** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: SqlPool, work: (db: SqlQueryable) => Promise<T>): Promise<T> {
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

/** The first row of a statement that always returns one (INSERT ... RETURNING). */
export function firstRow<Row>(rows: Row[]): Row {
  const row = rows[0];
  if (row === undefined) throw new Error('the statement returned no row');
  return row;
}
