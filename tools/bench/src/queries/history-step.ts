import { deviceSeriesTags, telemetryMeasurement } from '@homeport/contracts';
import {
  createInfluxDeviceHistory,
  createPostgresDeviceHistory,
  planHistoryQuery,
  type DeviceHistoryReader,
} from '@homeport/public-api';
import {
  createInfluxTimeSeriesSink,
  createPostgresTimeSeriesSink,
  migrateStateWorkers,
} from '@homeport/state-workers';
import { createPostgresPool } from '@homeport/storage';
import { createTestDatabase, createTestInfluxDatabase } from '@homeport/testing';

const minuteMs = 60_000;
/** One year of one-minute data: 525,600 points per metric. */
export const pointsPerYear = 365 * 24 * 60;
/** Points per write: state-workers' sinks take a batch in one request / statement. */
const writeBatch = 5000;
const device = { vendorId: 'bench', deviceId: 'thermostat-year' };

/** The time of one store's history queries. */
export interface HistoryStoreFigures {
  readonly store: 'influxdb' | 'sql';
  readonly pointsWritten: number;
  readonly writeSeconds: number;
  /** Each timed query, ms (after one untimed warm-up). */
  readonly queryMs: readonly number[];
  readonly medianQueryMs: number;
  readonly pointsReturned: number;
}

type Sink = ReturnType<typeof createInfluxTimeSeriesSink>;

/** Writes the year through the real writer of state-workers, a batch at a time. */
async function writeYear(sink: Sink, startMs: number, onStatus: (text: string) => void): Promise<number> {
  const tags = { [deviceSeriesTags.vendorId]: device.vendorId, [deviceSeriesTags.deviceId]: device.deviceId };
  const startedAt = performance.now();
  for (let first = 0; first < pointsPerYear; first += writeBatch) {
    const count = Math.min(writeBatch, pointsPerYear - first);
    const points = Array.from({ length: count }, (_, index) => {
      const minute = first + index;
      const temperature = 20 + 3 * Math.sin((minute / 1440) * 2 * Math.PI) + (minute % 7) / 10;
      return {
        measurement: telemetryMeasurement,
        tags,
        fields: { temperature, humidity: 40 + (minute % 13) },
        timeMs: startMs + minute * minuteMs,
      };
    });
    await sink(points);
    if ((first / writeBatch) % 20 === 0) onStatus(`written ${first + count}/${pointsPerYear}`);
  }
  return (performance.now() - startedAt) / 1000;
}

async function timeQueries(
  reader: DeviceHistoryReader,
  startMs: number,
  queries: number,
): Promise<{ queryMs: number[]; pointsReturned: number }> {
  const query = planHistoryQuery(
    {
      from: new Date(startMs),
      to: new Date(startMs + pointsPerYear * minuteMs),
      intervalMs: undefined,
      maxPoints: 1000,
      aggregate: 'mean',
      metrics: undefined,
    },
    device,
    new Date(),
  );
  const warmUp = await reader.read(query);
  const queryMs: number[] = [];
  for (let run = 0; run < queries; run += 1) {
    const startedAt = performance.now();
    await reader.read(query);
    queryMs.push(performance.now() - startedAt);
  }
  return { queryMs, pointsReturned: Math.max(...warmUp.map((series) => series.points.length)) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * One year of one-minute data of one device (two metrics), written once to InfluxDB and once to the SQL
 * time series (a PostgreSQL database with state-workers' migrations), each answered as at most 1,000 points
 * through public-api's history readers; both stores are dropped at the end.
 */
export async function runHistoryStep(
  queries: number,
  onStatus: (text: string) => void,
): Promise<HistoryStoreFigures[]> {
  const startMs = Date.UTC(2025, 0, 1);
  const figures: HistoryStoreFigures[] = [];
  const influx = await createTestInfluxDatabase('bench_history');
  try {
    const options = { url: influx.url, database: influx.database };
    const writeSeconds = await writeYear(createInfluxTimeSeriesSink(options), startMs, (text) => {
      onStatus(`influxdb: ${text}`);
    });
    const timed = await timeQueries(createInfluxDeviceHistory(options), startMs, queries);
    figures.push({
      store: 'influxdb',
      pointsWritten: pointsPerYear,
      writeSeconds,
      ...timed,
      medianQueryMs: median(timed.queryMs),
    });
  } finally {
    await influx.drop();
  }
  const database = await createTestDatabase('bench_history');
  const pool = createPostgresPool({ url: database.url, max: 2 });
  try {
    await migrateStateWorkers({ databaseUrl: database.url });
    const writeSeconds = await writeYear(createPostgresTimeSeriesSink(pool), startMs, (text) => {
      onStatus(`sql: ${text}`);
    });
    await pool.query('ANALYZE');
    const timed = await timeQueries(createPostgresDeviceHistory(pool), startMs, queries);
    figures.push({
      store: 'sql',
      pointsWritten: pointsPerYear,
      writeSeconds,
      ...timed,
      medianQueryMs: median(timed.queryMs),
    });
  } finally {
    await pool.end();
    await database.drop();
  }
  return figures;
}
