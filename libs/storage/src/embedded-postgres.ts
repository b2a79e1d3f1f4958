import { mkdirSync } from 'node:fs';
import {
  createEmbeddedMaintenance,
  defaultMaintenance,
  type EmbeddedMaintenanceOptions,
  type MaintenanceRound,
} from './embedded-maintenance';
import { startDatabaseThread, type ThreadResult } from './embedded-postgres-thread';
import { createSessionLock } from './session-lock';
import { statementText } from './sql-statements';
import type { NamedStatement, SqlClient, SqlPool, SqlResult } from './sql-pool';

/** Where the embedded database keeps its files (created when missing); omitted: in memory only. */
export interface EmbeddedPostgresOptions {
  readonly dataDir?: string;
  /** Vacuum and checkpoint in rounds (embedded-maintenance.ts); omitted: only when `maintain` is called. */
  readonly maintenance?: EmbeddedMaintenanceOptions;
}

/** The embedded database as a pool; `end` closes it (files are consistent only after a clean close). */
export interface EmbeddedPostgres extends SqlPool {
  /** One maintenance round now: what autovacuum and the checkpointer would have done by now. */
  maintain(): Promise<MaintenanceRound>;
}

function toResult<Row>(result: ThreadResult | undefined): SqlResult<Row> {
  if (result === undefined) return { rows: [], rowCount: null };
  const rows = result.rows as Row[];
  // pg counts the rows a SELECT returned, and those an INSERT/UPDATE/DELETE changed.
  return { rows, rowCount: Math.max(result.affectedRows ?? 0, rows.length) };
}

/**
 * Opens PostgreSQL in WebAssembly (PGlite) on a worker thread of this process (its work on another core than
 * the event loop), behind the same pool interface as a server:
 * results are parsed as pg parses them (int8 and numeric stay strings), errors carry the same SQLSTATE
 * codes, and a statement without parameters may hold several statements (migrations), as with pg.
 */
export async function openEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const db = await startDatabaseThread(options.dataDir);
  const lock = createSessionLock();
  // A named statement is prepared once in PGlite's one session, as pg prepares one once per connection.
  const run = async <Row>(statement: string | NamedStatement, params?: unknown[]): Promise<SqlResult<Row>> =>
    toResult<Row>(
      await db.run(
        statementText(statement),
        params,
        typeof statement === 'string' ? undefined : statement.name,
      ),
    );
  const query = async <Row>(statement: string | NamedStatement, params?: unknown[]) => {
    const release = await lock.acquire('statement');
    try {
      return await run<Row>(statement, params);
    } finally {
      release();
    }
  };
  const maintain = createEmbeddedMaintenance({ query }, options.maintenance);
  let round: Promise<unknown> | undefined;
  const { maintenance } = options;
  const timer =
    maintenance &&
    setInterval(() => {
      round ??= maintain()
        .catch(maintenance.onError)
        .finally(() => {
          round = undefined;
        });
    }, maintenance.intervalMs ?? defaultMaintenance.intervalMs).unref();
  return {
    query,
    maintain,
    async connect(): Promise<SqlClient> {
      const release = await lock.acquire('transaction');
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
      clearInterval(timer);
      await round;
      const release = await lock.acquire('transaction');
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
