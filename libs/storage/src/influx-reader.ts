import { AppError } from '@homeport/errors';
import {
  buildAuthHeaders,
  buildInfluxUrl,
  sendInfluxRequest,
  type InfluxConnectionOptions,
} from './influx-http';
import { parseQueryResponse, type InfluxRecord } from './influx-query-result';

/** Runs InfluxQL through InfluxDB's v1 API (/query) and checks that the server answers (/ping). */
export interface InfluxReader {
  /**
   * Runs InfluxQL against the database and resolves with the rows of every statement as records
   * (time in epoch ms). Rejects with AppError `invalid` for a query the server refuses, `unavailable`
   * when it cannot be reached.
   */
  query(influxQL: string): Promise<InfluxRecord[]>;
  /** Creates a database (no-op when it exists); for setup and tests. */
  createDatabase(name: string): Promise<void>;
  /** Resolves when the server answers /ping; rejects with AppError `unavailable` when it does not. */
  ping(): Promise<void>;
}

/** Quotes an InfluxQL identifier (database, measurement) so any name is safe inside a statement. */
export function quoteInfluxIdentifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Quotes an InfluxQL string literal (a tag value in a WHERE clause) so any text is safe inside a statement. */
export function quoteInfluxString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Creates a reader for one database. */
export function createInfluxReader(options: InfluxConnectionOptions): InfluxReader {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers = buildAuthHeaders(options.auth);

  // POST, because the v1 API accepts only SELECT and SHOW through GET.
  async function run(influxQL: string, params: Record<string, string>): Promise<InfluxRecord[]> {
    const url = buildInfluxUrl(options.url, 'query', { ...params, epoch: 'ms' });
    const body = new URLSearchParams({ q: influxQL });
    const response = await sendInfluxRequest(url, { method: 'POST', headers, body }, timeoutMs);
    const json: unknown = await response.json().catch((error: unknown) => {
      throw new AppError('unavailable', 'INFLUX_UNAVAILABLE', 'influxdb response cut short', {
        cause: error,
      });
    });
    return parseQueryResponse(json);
  }

  return {
    query: (influxQL) => run(influxQL, { db: options.database }),
    createDatabase: async (name) => {
      await run(`CREATE DATABASE ${quoteInfluxIdentifier(name)}`, {});
    },
    ping: async () => {
      const response = await sendInfluxRequest(
        buildInfluxUrl(options.url, 'ping', {}),
        { headers },
        timeoutMs,
      );
      await response.body?.cancel();
    },
  };
}
