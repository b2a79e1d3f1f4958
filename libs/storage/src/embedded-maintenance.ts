import type { SqlQueryable } from './sql-pool';

/** When the embedded database's housekeeping runs, and when it makes a checkpoint. */
export interface EmbeddedMaintenanceOptions {
  /** Time between rounds (autovacuum's naptime: 1 min). */
  readonly intervalMs?: number;
  /** A checkpoint at least this often (checkpoint_timeout: 5 min). */
  readonly checkpointIntervalMs?: number;
  /** A checkpoint as soon as this much WAL was written since the last one's redo point (max_wal_size: 1 GiB). */
  readonly checkpointWalBytes?: number;
  /** A round that failed (it is tried again at the next). */
  readonly onError: (error: unknown) => void;
}

/** What one round did. */
export interface MaintenanceRound {
  /** Tables vacuumed, `schema.table`. */
  readonly vacuumed: readonly string[];
  readonly checkpoint: boolean;
}

/** The settings of a round that are not given: PostgreSQL's defaults for what they stand for. */
export const defaultMaintenance = {
  intervalMs: 60_000,
  checkpointIntervalMs: 5 * 60_000,
  checkpointWalBytes: 1024 * 1024 * 1024,
} as const;

// autovacuum's rule with PostgreSQL's defaults: a vacuum once dead rows pass 50 + 20 % of the table, or its
// oldest unfrozen transaction id is 200 million old (autovacuum_freeze_max_age). Not its insert rule (1000 +
// 20 % of the table inserted since the last vacuum): it vacuumed the growing insert-only tables (the facts,
// the time series, the state history) at every round, each a few hundred ms of the one session (a 4.9 s stall
// at the first round at 4,000 msg/s, issue 22); what it prevents, a whole-table freeze at that age, comes
// after 200 million transactions. Nor its analyze: statistics change the plans of statements tuned without any
// (1.3 s of a round's session at 4,000 msg/s, for the growing tables). reltuples is -1 before a first vacuum.
const dueTablesSql = `
SELECT format('%I.%I', s.schemaname, s.relname) AS name
FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
WHERE s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0) OR age(c.relfrozenxid) > 200000000
ORDER BY s.n_dead_tup DESC`;

const walSinceCheckpointSql = `
SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::float8 AS bytes FROM pg_control_checkpoint()`;

/**
 * The work a PostgreSQL server's background processes do, which PGlite's single-user PostgreSQL has none
 * of: without autovacuum, updated and deleted rows' space is never reused (merged states, upserts and
 * retention's deletes grow the files for ever) and nothing freezes old transaction ids; without the
 * checkpointer, WAL grows until the process ends (1.5 GB in 5 minutes at 4,000 msg/s, issue 22) and a crash
 * replays all of it. Each statement takes the one session in turn, so the services' statements wait for at
 * most one table's vacuum at a time.
 */
export function createEmbeddedMaintenance(
  db: SqlQueryable,
  options: Omit<EmbeddedMaintenanceOptions, 'intervalMs' | 'onError'> = {},
): () => Promise<MaintenanceRound> {
  const checkpointIntervalMs = options.checkpointIntervalMs ?? defaultMaintenance.checkpointIntervalMs;
  const checkpointWalBytes = options.checkpointWalBytes ?? defaultMaintenance.checkpointWalBytes;
  let lastCheckpointAt = Date.now();
  return async () => {
    const { rows } = await db.query<{ name: string }>(dueTablesSql);
    const vacuumed = rows.map((row) => row.name);
    for (const table of vacuumed) await db.query(`VACUUM ${table}`);
    const wal = await db.query<{ bytes: number }>(walSinceCheckpointSql);
    const checkpoint =
      Date.now() - lastCheckpointAt >= checkpointIntervalMs ||
      (wal.rows[0]?.bytes ?? 0) >= checkpointWalBytes;
    if (checkpoint) {
      await db.query('CHECKPOINT');
      lastCheckpointAt = Date.now();
    }
    return { vacuumed, checkpoint };
  };
}
