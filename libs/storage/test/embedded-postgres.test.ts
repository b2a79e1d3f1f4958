import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEmbeddedPostgres } from '../src';
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
  let pool: Awaited<ReturnType<typeof openEmbeddedPostgres>>;
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
