import { createTestDatabase } from '@homeport/testing';
import {
  createPostgresOutbox,
  createPostgresPool,
  inTransaction,
  openEmbeddedPostgres,
  queryRows,
  relayOutboxRound,
  writeOutboxEntries,
  type OutboxEntry,
  type SqlPool,
} from '../src';

jest.setTimeout(60_000); // creating a PGlite database takes a few seconds on a busy machine

const table = 'relay_test.outbox';
const leaseMs = 60_000;

interface OpenDatabase {
  readonly pool: SqlPool;
  close(): Promise<void>;
}

/** The same SQL on both databases the services run on. */
const databases: [string, () => Promise<OpenDatabase>][] = [
  [
    'a PostgreSQL server',
    async () => {
      const database = await createTestDatabase('storage_outbox');
      const pool = createPostgresPool({ url: database.url, max: 4 });
      return {
        pool,
        async close() {
          await pool.end();
          await database.drop();
        },
      };
    },
  ],
  [
    'the embedded database',
    async () => {
      const pool = await openEmbeddedPostgres();
      return { pool, close: () => pool.end() };
    },
  ],
];

describe.each(databases)('a transactional outbox on %s', (_name, openDatabase) => {
  let database: OpenDatabase;
  let pool: SqlPool;

  beforeAll(async () => {
    database = await openDatabase();
    pool = database.pool;
    await queryRows(pool, 'CREATE SCHEMA relay_test');
    await queryRows(
      pool,
      `CREATE TABLE ${table} (id bigserial PRIMARY KEY, message_type text NOT NULL, message_id text NOT NULL UNIQUE,
      payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), claimed_until timestamptz)`,
    );
  });

  beforeEach(async () => {
    await queryRows(pool, `TRUNCATE ${table}`);
  });

  afterAll(async () => {
    await database.close();
  });

  const event = (n: number) => ({ messageType: 'test.happened.v1', messageId: `test/${n}`, payload: { n } });
  const outbox = () => createPostgresOutbox(pool, table);
  const countRows = async () =>
    (await queryRows<{ count: number }>(pool, `SELECT count(*)::int AS count FROM ${table}`))[0]?.count;

  it('relays a committed event once, under its message id, and never one whose transaction rolled back', async () => {
    await inTransaction(pool, (db) => writeOutboxEntries(db, table, [event(1)]));
    await inTransaction(pool, async (db) => {
      await writeOutboxEntries(db, table, [event(2)]);
      throw new Error('the change failed');
    }).catch(() => undefined);
    const sent: OutboxEntry[] = [];
    const publish = (entry: OutboxEntry) => Promise.resolve(void sent.push(entry));

    const first = await relayOutboxRound({ outbox: outbox(), publish, batchSize: 10, leaseMs });
    const second = await relayOutboxRound({ outbox: outbox(), publish, batchSize: 10, leaseMs });

    expect(first).toEqual({ published: 1, full: false });
    expect(second).toEqual({ published: 0, full: false });
    expect(sent).toMatchObject([{ messageType: 'test.happened.v1', messageId: 'test/1', payload: { n: 1 } }]);
    expect(await countRows()).toBe(0);
  });

  it('keeps the event whose publish failed, and those after it, for the next round, in their order', async () => {
    await inTransaction(pool, (db) => writeOutboxEntries(db, table, [event(1), event(2), event(3)]));
    const sent: string[] = [];
    const failingAt = (messageId: string) => (entry: OutboxEntry) =>
      entry.messageId === messageId
        ? Promise.reject(new Error('broker away'))
        : Promise.resolve(void sent.push(entry.messageId));

    const failed = relayOutboxRound({
      outbox: outbox(),
      publish: failingAt('test/2'),
      batchSize: 10,
      leaseMs,
    });
    await expect(failed).rejects.toThrow('broker away');
    // Released, not left to its lease: the next round takes it at once.
    const next = await relayOutboxRound({ outbox: outbox(), publish: failingAt(''), batchSize: 10, leaseMs });

    expect(next).toEqual({ published: 2, full: false });
    expect(sent).toEqual(['test/1', 'test/2', 'test/3']);
    expect(await countRows()).toBe(0);
  });

  it('publishes the events of one write in the order they were given', async () => {
    const events = Array.from({ length: 30 }, (_, n) => event(29 - n));
    await inTransaction(pool, (db) => writeOutboxEntries(db, table, events));
    const sent: string[] = [];
    const publish = (entry: OutboxEntry) => Promise.resolve(void sent.push(entry.messageId));

    await relayOutboxRound({ outbox: outbox(), publish, batchSize: 50, leaseMs });

    expect(sent).toEqual(events.map((entry) => entry.messageId));
  });

  it('lets two relays claim side by side without publishing one event twice', async () => {
    const events = Array.from({ length: 40 }, (_, n) => event(n));
    await inTransaction(pool, (db) => writeOutboxEntries(db, table, events));
    const sent: string[] = [];
    const publish = async (entry: OutboxEntry) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      sent.push(entry.messageId);
    };
    const relayAll = async () => {
      while ((await relayOutboxRound({ outbox: outbox(), publish, batchSize: 5, leaseMs })).full);
    };

    await Promise.all([relayAll(), relayAll()]);

    expect(sent).toHaveLength(40);
    expect(new Set(sent).size).toBe(40);
    expect(await countRows()).toBe(0);
  });
});
