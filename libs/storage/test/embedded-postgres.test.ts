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
