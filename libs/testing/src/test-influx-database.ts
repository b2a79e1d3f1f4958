import { readTestServerUrls } from './server-urls';
import { createUniqueName } from './unique-name';

/** An InfluxDB database of its own for one test suite. */
export interface TestInfluxDatabase {
  /** Base URL of the InfluxDB server. */
  readonly url: string;
  readonly database: string;
  drop(): Promise<void>;
}

async function runStatement(serverUrl: string, statement: string): Promise<void> {
  const response = await fetch(`${serverUrl.replace(/\/+$/, '')}/query`, {
    method: 'POST',
    body: new URLSearchParams({ q: statement }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  // The v1 API reports a failed statement inside a 200 answer: { results: [{ error }] }.
  const body = (response.ok ? JSON.parse(text) : {}) as { results?: { error?: string }[] };
  const statementError = body.results?.find((result) => result.error !== undefined)?.error;
  if (!response.ok || statementError !== undefined) {
    throw new Error(`InfluxDB refused "${statement}": ${response.status} ${text}`);
  }
}

/** Creates a database with a unique name on the test InfluxDB server (INFLUX_URL, v1 API, no auth). */
export async function createTestInfluxDatabase(
  purpose = 'influx',
  serverUrl = readTestServerUrls().influxUrl,
): Promise<TestInfluxDatabase> {
  const database = createUniqueName(purpose);
  await runStatement(serverUrl, `CREATE DATABASE "${database}"`);
  return { url: serverUrl, database, drop: () => runStatement(serverUrl, `DROP DATABASE "${database}"`) };
}
