import { mkdirSync } from 'node:fs';
import { PGlite, types, type Results } from '@electric-sql/pglite';
import type { SqlClient, SqlPool, SqlResult } from './sql-pool';

/** Where the embedded database keeps its files (created when missing); omitted: in memory only. */
export interface EmbeddedPostgresOptions {
  readonly dataDir?: string;
}

/** The embedded database as a pool; `end` closes it (files are consistent only after a clean close). */
export type EmbeddedPostgres = SqlPool;

/**
 * Waiters in arrival order for the one session PGlite has: a statement outside a transaction takes it for
 * itself, a checked-out client until it is released, so transactions of concurrent callers never interleave.
 */
function createSessionLock() {
  let tail: Promise<void> = Promise.resolve();
  return {
    acquire(): Promise<() => void> {
      let release: () => void = () => undefined;
      const turn = new Promise<void>((resolve) => {
        release = resolve;
      });
      const ready = tail.then(() => release);
      tail = tail.then(() => turn);
      return ready;
    },
  };
}

function toResult<Row>(result: Results<unknown> | undefined): SqlResult<Row> {
  if (result === undefined) return { rows: [], rowCount: null };
  const rows = result.rows as Row[];
  // pg counts the rows a SELECT returned, and those an INSERT/UPDATE/DELETE changed.
  return { rows, rowCount: Math.max(result.affectedRows ?? 0, rows.length) };
}

/**
 * Opens PostgreSQL in WebAssembly (PGlite) in this process, behind the same pool interface as a server:
 * results are parsed as pg parses them (int8 and numeric stay strings), errors carry the same SQLSTATE
 * codes, and a statement without parameters may hold several statements (migrations), as with pg.
 */
export async function openEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const keepText = (value: string) => value;
  const db = await PGlite.create(options.dataDir, {
    parsers: { [types.INT8]: keepText, [types.NUMERIC]: keepText },
  });
  const lock = createSessionLock();
  const run = async <Row>(text: string, params?: unknown[]): Promise<SqlResult<Row>> => {
    if (params === undefined || params.length === 0) return toResult<Row>((await db.exec(text)).at(-1));
    return toResult<Row>(await db.query<Row>(text, params));
  };
  return {
    async query<Row>(text: string, params?: unknown[]) {
      const release = await lock.acquire();
      try {
        return await run<Row>(text, params);
      } finally {
        release();
      }
    },
    async connect(): Promise<SqlClient> {
      const release = await lock.acquire();
      let released = false;
      return {
        query: run,
        release() {
          if (released) return;
          released = true;
          release();
        },
      };
    },
    async end() {
      const release = await lock.acquire();
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
