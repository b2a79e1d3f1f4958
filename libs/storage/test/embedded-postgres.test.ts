import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEmbeddedPostgres, type EmbeddedPostgres } from '../src';
import { describeSqlPoolContract } from './sql-pool.contract';

jest.setTimeout(60_000); // creating a PGlite database takes a few seconds on a busy machine

const dataDirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'homeport-pglite-'));
  dataDirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describeSqlPoolContract('the embedded database', async () => {
  const pool = await openEmbeddedPostgres({ dataDir: newDataDir() });
  return { pool, migrationTarget: { pool }, close: () => pool.end() };
});

describe('the embedded database on disk', () => {
  it('when it is closed and opened again on the same directory, the rows written are still there', async () => {
    const dataDir = newDataDir();
    const first = await openEmbeddedPostgres({ dataDir });
    await first.query('CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1), (2)');
    await first.end();

    const second = await openEmbeddedPostgres({ dataDir });
    const { rows } = await second.query<{ id: number }>('SELECT id FROM kept ORDER BY id');
    await second.end();

    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
  });
});

describe('named statements in the embedded database', () => {
  let pool: EmbeddedPostgres;
  beforeAll(async () => {
    pool = await openEmbeddedPostgres();
    await pool.query('CREATE TABLE sensors (id text PRIMARY KEY, label text)');
    await pool.query(`INSERT INTO sensors VALUES ('s-1', 'porch')`);
  });
  afterAll(() => pool.end());

  it('a prepared statement whose table changed under it is prepared again, outside a transaction and after one', async () => {
    const byId = { name: 'sensor_by_id', text: 'SELECT * FROM sensors WHERE id = $1' };
    expect((await pool.query(byId, ['s-1'])).rows).toEqual([{ id: 's-1', label: 'porch' }]);
    await pool.query('ALTER TABLE sensors ADD COLUMN room text');

    expect((await pool.query(byId, ['s-1'])).rows).toEqual([{ id: 's-1', label: 'porch', room: null }]);

    await pool.query('ALTER TABLE sensors ADD COLUMN floor int');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // In a transaction the session cannot prepare it again: the statement fails, the transaction with it.
      await expect(client.query(byId, ['s-1'])).rejects.toMatchObject({ code: '0A000' });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await pool.query(byId, ['s-1'])).rows).toEqual([
      { id: 's-1', label: 'porch', room: null, floor: null },
    ]);
  });

  it('one name given two texts is refused, as pg refuses it', async () => {
    await pool.query({ name: 'sensor_label', text: 'SELECT label FROM sensors WHERE id = $1' }, ['s-1']);

    await expect(
      pool.query({ name: 'sensor_label', text: 'SELECT id FROM sensors WHERE label = $1' }, ['porch']),
    ).rejects.toThrow(/used for a different statement/);
  });
});

describe("the embedded database's maintenance (no autovacuum or checkpointer in PGlite)", () => {
  const tableStats = async (pool: EmbeddedPostgres, table: string) =>
    (
      await pool.query<{ dead: string; vacuumed: boolean }>(
        `SELECT n_dead_tup AS dead, last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = $1`,
        [table],
      )
    ).rows[0];
  const redoPoint = async (pool: EmbeddedPostgres) =>
    (await pool.query<{ redo: string }>('SELECT redo_lsn::text AS redo FROM pg_control_checkpoint()')).rows[0]
      ?.redo;

  it("when a table's rows were updated past autovacuum's threshold, a round vacuums it and leaves a quiet table alone", async () => {
    const pool = await openEmbeddedPostgres({ dataDir: newDataDir() });
    try {
      await pool.query('CREATE TABLE readings (id int PRIMARY KEY, level int)');
      await pool.query('CREATE TABLE quiet (id int PRIMARY KEY)');
      await pool.query('INSERT INTO readings SELECT g, 0 FROM generate_series(1, 2000) g');
      await pool.query('UPDATE readings SET level = level + 1');
      await pool.query('INSERT INTO quiet VALUES (1)');
      // A session reports its counts at most once a second; this one's at once.
      await pool.query('SELECT pg_stat_force_next_flush()');
      expect(await tableStats(pool, 'readings')).toEqual({ dead: '2000', vacuumed: false });

      const round = await pool.maintain();

      expect(round.vacuumed).toEqual(['public.readings']);
      expect(await tableStats(pool, 'readings')).toEqual({ dead: '0', vacuumed: true });
      expect(await tableStats(pool, 'quiet')).toEqual({ dead: '0', vacuumed: false });
      expect((await pool.maintain()).vacuumed).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('a checkpoint is made once the WAL written since the last one reaches the limit, and not before', async () => {
    const pool = await openEmbeddedPostgres({
      dataDir: newDataDir(),
      maintenance: { checkpointWalBytes: 4 * 1024 * 1024, onError: () => undefined },
    });
    try {
      const before = await redoPoint(pool);
      expect((await pool.maintain()).checkpoint).toBe(false);
      await pool.query(`CREATE TABLE notes (id int, body text)`);
      await pool.query(`INSERT INTO notes SELECT g, repeat('x', 200) FROM generate_series(1, 30000) g`);

      expect((await pool.maintain()).checkpoint).toBe(true);

      expect(await redoPoint(pool)).not.toBe(before);
      expect((await pool.maintain()).checkpoint).toBe(false);
    } finally {
      await pool.end();
    }
  });

  it('with a maintenance setting, rounds run by themselves until the database is closed', async () => {
    const errors: unknown[] = [];
    const pool = await openEmbeddedPostgres({
      dataDir: newDataDir(),
      maintenance: { intervalMs: 50, onError: (error) => errors.push(error) },
    });
    try {
      await pool.query('CREATE TABLE counters (id int PRIMARY KEY, n int)');
      await pool.query('INSERT INTO counters SELECT g, 0 FROM generate_series(1, 500) g');
      await pool.query('UPDATE counters SET n = n + 1');
      const deadline = Date.now() + 20_000;
      while (!(await tableStats(pool, 'counters'))?.vacuumed && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await tableStats(pool, 'counters')).toEqual({ dead: '0', vacuumed: true });
    } finally {
      await pool.end();
    }
    expect(errors).toEqual([]);
  });
});
