import type { SqlPool, SqlQueryable } from '@homeport/storage';

/** The pool the repositories use: a PostgreSQL server's or the embedded database (tables in `broker_api`). */
export type Pool = SqlPool;
/** A pool or one checked-out client (inside a transaction). */
export type Queryable = SqlQueryable;

/** The PostgreSQL schema broker-api owns; its migrations run there. */
export const schemaName = 'broker_api';

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
