import path from 'node:path';
import { isAppError } from '@homeport/errors';
import {
  checkPostgres,
  runMigrations,
  translatePostgresError,
  type NamedStatement,
  type SqlPool,
} from '../src';

const migrationsDir = path.join(__dirname, 'migrations');

/** A database to run the suite on, fresh for the suite, and how migrations reach it. */
export interface SqlPoolSubject {
  readonly pool: SqlPool;
  /** What runMigrations is given: the server's URL, or the pool itself. */
  readonly migrationTarget: { readonly databaseUrl: string } | { readonly pool: SqlPool };
  close(): Promise<void>;
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The behaviour every SqlPool (a PostgreSQL server's pool, the embedded database) must show. */
export function describeSqlPoolContract(name: string, open: () => Promise<SqlPoolSubject>): void {
  describe(`${name} (SqlPool contract)`, () => {
    let subject: SqlPoolSubject;
    let pool: SqlPool;
    const migrate = (schema?: string) =>
      runMigrations({
        ...subject.migrationTarget,
        migrationsDir,
        ...(schema === undefined ? {} : { schema }),
      });

    beforeAll(async () => {
      subject = await open();
      pool = subject.pool;
    });

    afterAll(async () => {
      await subject.close();
    });

    it('when migrations run on a fresh database, their tables exist and each is recorded once', async () => {
      const applied = await migrate();

      expect(applied).toEqual(['001_create-devices', '002_create-device-tokens']);
      const tables = await pool.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual(['device_tokens', 'devices', 'pgmigrations']);
    });

    it('when migrations run again, nothing is applied and nothing is recorded twice', async () => {
      expect(await migrate()).toEqual([]);
      const recorded = await pool.query('SELECT name FROM pgmigrations');
      expect(recorded.rowCount).toBe(2);
    });

    it('when migrations run with a schema, tables and their record live in that schema only', async () => {
      expect(await migrate('device_registry')).toEqual(['001_create-devices', '002_create-device-tokens']);
      const tables = await pool.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'device_registry' ORDER BY 1`,
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual(['device_tokens', 'devices', 'pgmigrations']);
      // Later statements of the pool's users are not left in the migrated schema.
      const searchPath = await pool.query<{ search_path: string }>('SHOW search_path');
      expect(searchPath.rows[0]?.search_path).not.toContain('device_registry');
    });

    // A named statement is prepared once per connection (pg) or session (the embedded database): the same outcomes.
    const asGiven = (text: string) => text;
    const named =
      (name: string) =>
      (text: string): NamedStatement => ({ name, text });

    it.each([
      ['', asGiven],
      [' (named)', named('contract.values')],
    ])(
      'values come back as pg parses them: int8 and numeric as text, json parsed, times as Dates%s',
      async (_form, statement) => {
        const result = await pool.query(
          statement(
            `SELECT $1::int8 AS big, $2::numeric AS exact, $3::jsonb AS doc, $4::timestamptz AS at, $5::int4 AS small, $6::text AS nothing`,
          ),
          ['9007199254740993', '1.50', JSON.stringify({ a: [1] }), '2026-01-02T03:04:05.678Z', 7, null],
        );

        expect(result.rows).toEqual([
          {
            big: '9007199254740993',
            exact: '1.50',
            doc: { a: [1] },
            at: new Date('2026-01-02T03:04:05.678Z'),
            small: 7,
            nothing: null,
          },
        ]);
      },
    );

    it('rowCount counts the rows a statement changed or returned; several statements run without parameters', async () => {
      await pool.query(
        `INSERT INTO devices (id, name) VALUES ('count-1', 'a'); INSERT INTO devices (id, name) VALUES ('count-2', 'b')`,
      );

      const updated = await pool.query(`UPDATE devices SET name = 'c' WHERE id LIKE $1`, ['count-%']);
      const selected = await pool.query(`SELECT id FROM devices WHERE id LIKE $1`, ['count-%']);
      const none = await pool.query(`DELETE FROM devices WHERE id = $1`, ['missing']);

      expect([updated.rowCount, selected.rowCount, none.rowCount]).toEqual([2, 2, 0]);
    });

    it('a named statement runs again with other parameters, on the pool and on a checked-out client', async () => {
      const byPrefix: NamedStatement = {
        name: 'contract.devices_by_prefix',
        text: 'SELECT id FROM devices WHERE id LIKE $1 ORDER BY id',
      };
      await pool.query(
        `INSERT INTO devices (id, name) VALUES ('named-1', 'a'), ('named-2', 'b'), ('other', 'c')`,
      );

      const first = await pool.query<{ id: string }>(byPrefix, ['named-%']);
      const second = await pool.query<{ id: string }>(byPrefix, ['other%']);
      const client = await pool.connect();
      let onClient: { id: string }[][];
      try {
        onClient = [
          (await client.query<{ id: string }>(byPrefix, ['named-1'])).rows,
          (await client.query<{ id: string }>(byPrefix, ['named-2'])).rows,
        ];
      } finally {
        client.release();
      }

      expect(first.rows).toEqual([{ id: 'named-1' }, { id: 'named-2' }]);
      expect(second.rows).toEqual([{ id: 'other' }]);
      expect(onClient).toEqual([[{ id: 'named-1' }], [{ id: 'named-2' }]]);
    });

    it.each([
      ['', asGiven],
      [' (named)', named('contract.insert_device')],
    ])(
      'when a row repeats a unique key, the error becomes a conflict naming the constraint%s',
      async (_form, statement) => {
        const insert = statement(`INSERT INTO devices (id, name) VALUES ($1, $2)`);
        const id = `dev-unique${_form}`;
        await pool.query(insert, [id, 'porch']);

        const error = translatePostgresError(await catchError(pool.query(insert, [id, 'garage'])));

        expect(isAppError(error)).toBe(true);
        expect(error).toMatchObject({
          kind: 'conflict',
          code: 'UNIQUE_VIOLATION',
          details: { constraint: 'devices_pkey', table: 'devices' },
        });
      },
    );

    it("a named statement that cannot be prepared fails with PostgreSQL's error, and the session goes on", async () => {
      const misspelt: NamedStatement = {
        name: 'contract.misspelt',
        text: 'SELEC id FROM devices WHERE id = $1',
      };

      const error = await catchError(pool.query(misspelt, ['dev-1']));

      expect(error).toMatchObject({ code: '42601' });
      expect((await pool.query('SELECT $1::int AS one', [1])).rows).toEqual([{ one: 1 }]);
      expect(await catchError(pool.query(misspelt, ['dev-1']))).toMatchObject({ code: '42601' });
    });

    it('a named statement first run in a transaction rolled back runs after it, and sees what was committed', async () => {
      const nameOf: NamedStatement = {
        name: 'contract.name_of',
        text: 'SELECT name FROM devices WHERE id = $1',
      };
      await pool.query(`INSERT INTO devices (id, name) VALUES ($1, $2)`, ['rolled-back', 'kept']);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`UPDATE devices SET name = $1 WHERE id = $2`, ['dropped', 'rolled-back']);
        expect((await client.query(nameOf, ['rolled-back'])).rows).toEqual([{ name: 'dropped' }]);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }

      expect((await pool.query(nameOf, ['rolled-back'])).rows).toEqual([{ name: 'kept' }]);
    });

    it('when a delete is refused by an ON DELETE RESTRICT key, the error is a foreign-key conflict naming it', async () => {
      await pool.query(`CREATE TABLE makers (id text PRIMARY KEY);
        CREATE TABLE models (id text PRIMARY KEY, maker_id text NOT NULL REFERENCES makers ON DELETE RESTRICT);
        INSERT INTO makers VALUES ('acme'); INSERT INTO models VALUES ('lamp', 'acme')`);

      const error = translatePostgresError(
        await catchError(pool.query('DELETE FROM makers WHERE id = $1', ['acme'])),
      );

      expect(isAppError(error)).toBe(true);
      expect(error).toMatchObject({
        kind: 'conflict',
        code: 'FOREIGN_KEY_VIOLATION',
        details: { constraint: 'models_maker_id_fkey', table: 'models' },
      });
    });

    it('when transactions run concurrently on checked-out clients, each sees only its own work until it commits', async () => {
      await pool.query(`INSERT INTO devices (id, name) VALUES ('counter', '0')`);
      const increment = async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<{ name: string }>(
            `SELECT name FROM devices WHERE id = 'counter' FOR UPDATE`,
          );
          await client.query(`UPDATE devices SET name = $1 WHERE id = 'counter'`, [
            String(Number(rows[0]?.name) + 1),
          ]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      };

      await Promise.all(Array.from({ length: 5 }, increment));

      const { rows } = await pool.query<{ name: string }>(`SELECT name FROM devices WHERE id = 'counter'`);
      expect(rows[0]?.name).toBe('5');
    });

    it('when the database answers, the readiness check resolves', async () => {
      await expect(checkPostgres(pool)).resolves.toBeUndefined();
    });
  });
}
