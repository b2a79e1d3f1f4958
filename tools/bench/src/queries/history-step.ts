import {
  deviceSeriesTags,
  reportedStateMeasurement,
  telemetryMeasurement,
  toStateFields,
  type HistorySource,
} from '@homeport/contracts';
import {
  createInfluxDeviceHistory,
  createPostgresDeviceHistory,
  planHistoryQuery,
  readHistory,
  type DeviceHistoryReader,
} from '@homeport/public-api';
import {
  createInfluxTimeSeriesRollups,
  createInfluxTimeSeriesSink,
  createPostgresTimeSeriesRollups,
  createPostgresTimeSeriesSink,
  migrateStateWorkers,
  rollUpRange,
} from '@homeport/state-workers';
import { createPostgresPool } from '@homeport/storage';
import { createTestDatabase, createTestInfluxDatabase } from '@homeport/testing';

const minuteMs = 60_000;
/** One year of one-minute data: 525,600 points per metric. */
export const pointsPerYear = 365 * 24 * 60;
/** Minutes per write (a point of each source): state-workers' sinks take a batch in one request / statement. */
const writeBatch = 5000;
const device = { vendorId: 'bench', deviceId: 'thermostat-year' };

/** The time of one source's history queries in one store. */
export interface HistoryQueryFigures {
  /** Each timed query, ms (after one untimed warm-up). */
  readonly queryMs: readonly number[];
  readonly medianQueryMs: number;
  readonly pointsReturned: number;
}

/** One source's year asked of the raw points and as public-api asks it (the hourly rollup). */
export interface HistorySourceFigures {
  readonly raw: HistoryQueryFigures;
  readonly rollup: HistoryQueryFigures;
  /**
   * The largest difference between a value of the rollup's answer and the raw one's (the same buckets and
   * times, or Infinity): the year starts on a whole hour, so the two must agree to rounding.
   */
  readonly largestDifference: number;
}

/** One store's year: written, rolled up, then asked for telemetry and for reported state. */
export interface HistoryStoreFigures {
  readonly store: 'influxdb' | 'sql';
  /** Per source: telemetry and reported-state points each. */
  readonly pointsWritten: number;
  /** Both sources' points. */
  readonly writeSeconds: number;
  /** The backfill of both sources' 5-minute and hourly rollups over the year (state-workers' `rollUpRange`). */
  readonly rollupSeconds: number;
  readonly telemetry: HistorySourceFigures;
  readonly state: HistorySourceFigures;
}

type Sink = ReturnType<typeof createInfluxTimeSeriesSink>;

/**
 * Minute `minute` of the year as state-workers writes it: a telemetry point (temperature, humidity) and a
 * reported-state point (setpoint, heating as 1/0, through contracts' `toStateFields`).
 */
function pointsAt(minute: number, startMs: number) {
  const tags = { [deviceSeriesTags.vendorId]: device.vendorId, [deviceSeriesTags.deviceId]: device.deviceId };
  const timeMs = startMs + minute * minuteMs;
  const temperature = 20 + 3 * Math.sin((minute / 1440) * 2 * Math.PI) + (minute % 7) / 10;
  const state = { setpoint: 19 + ((minute >> 6) % 4), heating: temperature < 20, mode: 'heat' };
  return [
    {
      measurement: telemetryMeasurement,
      tags,
      fields: { temperature, humidity: 40 + (minute % 13) },
      timeMs,
    },
    { measurement: reportedStateMeasurement, tags, fields: toStateFields(state), timeMs },
  ];
}

/** Writes the year of both sources through the real writer of state-workers, a batch at a time. */
async function writeYear(sink: Sink, startMs: number, onStatus: (text: string) => void): Promise<number> {
  const startedAt = performance.now();
  for (let first = 0; first < pointsPerYear; first += writeBatch) {
    const count = Math.min(writeBatch, pointsPerYear - first);
    await sink(Array.from({ length: count }, (_, index) => pointsAt(first + index, startMs)).flat());
    if ((first / writeBatch) % 20 === 0) onStatus(`written ${first + count}/${pointsPerYear} minutes`);
  }
  return (performance.now() - startedAt) / 1000;
}

type Answer = Awaited<ReturnType<DeviceHistoryReader['read']>>;

/** `--queries` timed runs of `read` after one untimed warm-up (whose answer comes back too). */
async function timeQueries(
  read: () => Promise<Answer>,
  queries: number,
): Promise<HistoryQueryFigures & { readonly answer: Answer }> {
  const warmUp = await read();
  const queryMs: number[] = [];
  for (let run = 0; run < queries; run += 1) {
    const startedAt = performance.now();
    await read();
    queryMs.push(performance.now() - startedAt);
  }
  const pointsReturned = Math.max(...warmUp.map((series) => series.points.length));
  return { queryMs, medianQueryMs: median(queryMs), pointsReturned, answer: warmUp };
}

/** The largest difference between two answers' values; Infinity when their series or times differ. */
function compareAnswers(a: Answer, b: Answer): number {
  const values = (answer: Answer) =>
    answer.flatMap(({ metric, points }) =>
      points.map((point) => ({ key: `${metric}@${point.timeMs}`, ...point })),
    );
  const [left, right] = [values(a), values(b)];
  if (left.length !== right.length) return Number.POSITIVE_INFINITY;
  return left.reduce((largest, point, index) => {
    const other = right[index];
    if (other?.key !== point.key) return Number.POSITIVE_INFINITY;
    return Math.max(largest, Math.abs(point.value - other.value));
  }, 0);
}

/**
 * The year of one source as at most 1,000 points (public-api's plan: 12-hour buckets), read once from the
 * raw points and once as public-api's history reads it: from the hourly rollup, the year being settled.
 */
async function timeSource(
  reader: DeviceHistoryReader,
  source: HistorySource,
  startMs: number,
  queries: number,
): Promise<HistorySourceFigures> {
  const query = planHistoryQuery(
    {
      source,
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
  const { answer: rawAnswer, ...raw } = await timeQueries(
    () => reader.read({ ...query, resolution: 'raw' }),
    queries,
  );
  const { answer: rollupAnswer, ...rollup } = await timeQueries(
    () => readHistory(reader, query, Date.now()),
    queries,
  );
  return { raw, rollup, largestDifference: compareAnswers(rawAnswer, rollupAnswer) };
}

async function timeBothSources(reader: DeviceHistoryReader, startMs: number, queries: number) {
  return {
    telemetry: await timeSource(reader, 'telemetry', startMs, queries),
    state: await timeSource(reader, 'state', startMs, queries),
  };
}

/** Backfills the year's rollups, a week per step, paced as the rounds are (as an operator would). */
async function rollUpYear(rollups: Parameters<typeof rollUpRange>[0], startMs: number): Promise<number> {
  const startedAt = performance.now();
  await rollUpRange(rollups, { fromMs: startMs, toMs: startMs + pointsPerYear * minuteMs });
  return (performance.now() - startedAt) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * One year of one-minute data of one device (two metrics of telemetry, two properties of reported state),
 * written once to InfluxDB and once to the SQL time series (a PostgreSQL database with state-workers'
 * migrations), its rollups backfilled through state-workers' rollups, each source answered as at most
 * 1,000 points through public-api's history readers from the raw points and from the rollups; both stores
 * are dropped at the end.
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
    onStatus('influxdb: rolling up the year');
    const rollupSeconds = await rollUpYear(createInfluxTimeSeriesRollups(options), startMs);
    const timed = await timeBothSources(createInfluxDeviceHistory(options), startMs, queries);
    figures.push({ store: 'influxdb', pointsWritten: pointsPerYear, writeSeconds, rollupSeconds, ...timed });
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
    onStatus('sql: rolling up the year');
    const rollupSeconds = await rollUpYear(createPostgresTimeSeriesRollups(pool), startMs);
    await pool.query('ANALYZE');
    const timed = await timeBothSources(createPostgresDeviceHistory(pool), startMs, queries);
    figures.push({ store: 'sql', pointsWritten: pointsPerYear, writeSeconds, rollupSeconds, ...timed });
  } finally {
    await pool.end();
    await database.drop();
  }
  return figures;
}
