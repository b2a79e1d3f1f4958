import type { SqlPool } from '@homeport/storage';

/** The pool the repositories use: a PostgreSQL server's or the embedded database (tables in `public_api`). */
export type Pool = SqlPool;

/** The PostgreSQL schema public-api owns; its migrations run there. */
export const schemaName = 'public_api';
