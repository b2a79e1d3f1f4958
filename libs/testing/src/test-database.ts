import pg from 'pg';
import { readTestServerUrls } from './server-urls';
import { createUniqueName } from './unique-name';

/** A PostgreSQL database of its own for one test suite. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  readonly url: string;
  readonly name: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database with a unique name on the test PostgreSQL server (DATABASE_URL), for
 * example `await createTestDatabase('registry')` in beforeAll and `drop()` in afterAll.
 */
export async function createTestDatabase(
  purpose = 'db',
  serverUrl = readTestServerUrls().databaseUrl,
): Promise<TestDatabase> {
  const name = createUniqueName(purpose);
  // createUniqueName yields only [a-z0-9_], so the name needs no quoting beyond the double quotes.
  await runOnServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
