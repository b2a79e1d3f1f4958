import {
  createInfluxReader,
  quoteInfluxIdentifier,
  quoteInfluxString,
  type InfluxReader,
} from '@homeport/storage';
import { telemetryMeasurement, toRollupMeasurement } from '@homeport/contracts';
import { createMetricsRegistry } from '@homeport/observability';
import { createTestInfluxDatabase, findFreePort, waitFor } from '@homeport/testing';
import { createInfluxTimeSeriesRollups } from '../src/adapters/influx-time-series-rollups';
import { createInfluxTimeSeriesSink } from '../src/adapters/influx-time-series-sink';
import type { ChunkPacing } from '../src/adapters/paced-chunks';
import type { TimeSeriesPoint } from '../src/domain/ports';
import { createBatchingTimeSeriesWriter } from '../src/adapters/batching-time-series-writer';
import { createWrittenTimes, type WrittenTimes } from '../src/domain/recent-rollups';
import { createRollupRounds } from '../src/domain/rollup-rounds';
import { createStateWorkersMetrics } from '../src/metrics';
import { baseTime } from './fixtures';
import { createTestMaintenance } from './test-maintenance';
import {
  describeTimeSeriesRollupsContract,
  fewDevicesAStatement,
  type TimeSeriesRollupsSubject,
} from './time-series-rollups.contract';
import { describeTimeSeriesSinkContract, type TimeRange } from './time-series-sink.contract';

/**
 * Reads points back with InfluxQL: GROUP BY * puts each series' tags apart from its fields (a tag the
 * series lacks comes back empty, a field a point lacks as null; both are left out).
 */
async function readInfluxPoints(
  reader: InfluxReader,
  measurement: string,
  tags: Readonly<Record<string, string>>,
  range?: TimeRange,
): Promise<TimeSeriesPoint[]> {
  const conditions = Object.entries(tags).map(
    ([name, value]) => `${quoteInfluxIdentifier(name)} = ${quoteInfluxString(value)}`,
  );
  if (range !== undefined) conditions.push(`time >= ${range.fromMs}ms`, `time < ${range.toMs}ms`);
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  const records = await reader.query(
    `SELECT * FROM ${quoteInfluxIdentifier(measurement)}${where} GROUP BY *`,
  );
  return records.map((record) => {
    const { time, ...values } = record.values;
    return {
      measurement: record.measurement,
      tags: Object.fromEntries(Object.entries(record.tags).filter(([, value]) => value !== '')),
      fields: Object.fromEntries(
        Object.entries(values).filter(
          (entry): entry is [string, number | boolean | string] => entry[1] !== null,
        ),
      ),
      timeMs: Number(time),
    };
  });
}

/** The InfluxDB store on a test database of its own, dropped on close. */
async function openInfluxSubject(
  prefix: string,
  pacing: ChunkPacing = fewDevicesAStatement,
): Promise<TimeSeriesRollupsSubject> {
  const influx = await createTestInfluxDatabase(prefix);
  const options = { url: influx.url, database: influx.database };
  const reader = createInfluxReader(options);
  return {
    sink: createInfluxTimeSeriesSink(options),
    rollups: createInfluxTimeSeriesRollups(options, pacing),
    readPoints: (measurement, tags, range) => readInfluxPoints(reader, measurement, tags, range),
    close: () => influx.drop(),
  };
}

describeTimeSeriesSinkContract('the InfluxDB time-series sink', () => openInfluxSubject('sw_series'));

describeTimeSeriesRollupsContract('the InfluxDB time-series rollups', () => openInfluxSubject('sw_rollups'));

describe('the InfluxDB time-series sink, beyond the contract', () => {
  it('when InfluxDB cannot be reached, a write fails as unavailable', async () => {
    const sink = createInfluxTimeSeriesSink({
      url: `http://127.0.0.1:${await findFreePort()}`,
      database: 'x',
    });

    await expect(
      sink([{ measurement: 'm', tags: {}, fields: { a: 1 }, timeMs: baseTime }]),
    ).rejects.toMatchObject({ kind: 'unavailable' });
  });
});

describe("the minute's rollups on InfluxDB", () => {
  const minute = 60_000;
  const metrics = createStateWorkersMetrics(createMetricsRegistry({ service: 'state-workers' }));
  let subject: TimeSeriesRollupsSubject;
  beforeAll(async () => {
    subject = await openInfluxSubject('sw_maintenance');
  });
  afterAll(async () => {
    await (subject as TimeSeriesRollupsSubject | undefined)?.close();
  });

  const createMaintenance = (written: WrittenTimes) =>
    createTestMaintenance({
      rollups: subject.rollups,
      written,
      // Every trigger a round: these scenarios are one replica's rounds, not the lease between replicas.
      rounds: createRollupRounds(1),
      metrics,
    });
  const telemetry = (tags: Record<string, string>, timeMs: number) => ({
    measurement: telemetryMeasurement,
    tags,
    fields: { temperature: 20 },
    timeMs,
  });

  it('a late point written after its bucket was rolled up is in the rollup after the next round; a bucket no point was written to is not read again', async () => {
    const tags = { vendor_id: 'acme', device_id: 'thermo-late' };
    const written = createWrittenTimes(60 * minute);
    const writer = createBatchingTimeSeriesWriter({
      sink: subject.sink,
      written,
      maxBatchPoints: 100,
      maxDelayMs: 1,
      maxWritesInFlight: 1,
    });
    const maintenance = createMaintenance(written);
    const rounds = async () =>
      (await metrics.timeSeriesMaintenance.get()).values.find((one) => one.labels.step === 'rollup')?.value ??
      0;
    const runRound = async () => {
      const before = await rounds();
      maintenance.trigger();
      await waitFor(async () => (await rounds()) > before, 'a round done');
    };
    const fiveMinutes = (range: TimeRange) =>
      subject.readPoints(toRollupMeasurement(telemetryMeasurement, '5m'), tags, range);
    // A 5-minute bucket that ended over a minute ago, and an older one.
    const bucketMs = Math.floor((Date.now() - minute) / (5 * minute)) * 5 * minute - 5 * minute;
    const olderMs = bucketMs - 10 * minute;

    try {
      await writer.write([telemetry(tags, bucketMs + minute)]);
      await runRound();
      const [rolledUp] = await fiveMinutes({ fromMs: bucketMs, toMs: bucketMs + 5 * minute });
      expect(rolledUp?.fields).toMatchObject({ count_temperature: 1 });
      await writer.write([telemetry(tags, bucketMs + 3 * minute)]);
      await subject.sink([telemetry(tags, olderMs + minute)]);
      await runRound();
    } finally {
      await writer.close();
      await maintenance.stop();
    }

    const [bucket] = await fiveMinutes({ fromMs: bucketMs, toMs: bucketMs + 5 * minute });
    expect(bucket?.fields).toMatchObject({ count_temperature: 2 });
    expect(await fiveMinutes({ fromMs: olderMs, toMs: olderMs + 5 * minute })).toEqual([]);
  });

  it('a late point written since the last round is rolled up when the replica stops', async () => {
    const tags = { vendor_id: 'acme', device_id: 'thermo-stopping' };
    const written = createWrittenTimes(60 * minute);
    const maintenance = createMaintenance(written);
    const lateMs = Date.now() - 20 * minute;
    const bucketMs = Math.floor(lateMs / (5 * minute)) * 5 * minute;

    await subject.sink([telemetry(tags, lateMs)]);
    await written.note([telemetry(tags, lateMs)]);
    await maintenance.stop();

    const rollup = await subject.readPoints(toRollupMeasurement(telemetryMeasurement, '5m'), tags, {
      fromMs: bucketMs,
      toMs: bucketMs + 5 * minute,
    });
    expect(rollup.map((point) => point.fields)).toEqual([expect.objectContaining({ count_temperature: 1 })]);
  });
});

describe('the rollups of a stopping replica', () => {
  const minute = 60_000;
  // A device a statement and a pause of hours after each: only a stop makes the round end.
  const endlessPauses: ChunkPacing = { firstSize: 1, maxSize: 1, targetMs: 50, pauseRatio: 1e6 };
  let subject: TimeSeriesRollupsSubject;
  beforeAll(async () => {
    subject = await openInfluxSubject('sw_stopping', endlessPauses);
  });
  afterAll(async () => {
    await (subject as TimeSeriesRollupsSubject | undefined)?.close();
  });

  it('when the replica stops during a paced round, the round goes on without its pauses and every device is rolled up', async () => {
    const bucketMs = Math.floor((Date.now() - minute) / (5 * minute)) * 5 * minute - 5 * minute;
    const devices = ['thermo-a', 'thermo-b', 'thermo-c'].map((device) => ({
      vendor_id: 'acme',
      device_id: device,
    }));
    await subject.sink(
      devices.map((tags) => ({
        measurement: telemetryMeasurement,
        tags,
        fields: { temperature: 20 },
        timeMs: bucketMs,
      })),
    );
    const maintenance = createTestMaintenance({
      rollups: subject.rollups,
      written: createWrittenTimes(60 * minute),
      rounds: createRollupRounds(1),
      metrics: createStateWorkersMetrics(createMetricsRegistry({ service: 'state-workers' })),
    });
    const rolledUp = async () => {
      const counts = await Promise.all(
        devices.map(
          async (tags) =>
            (await subject.readPoints(toRollupMeasurement(telemetryMeasurement, '5m'), tags)).length,
        ),
      );
      return counts.filter((count) => count > 0).length;
    };

    maintenance.trigger();
    await waitFor(async () => (await rolledUp()) > 0, 'the round has rolled up its first device');
    await maintenance.stop();

    expect(await rolledUp()).toBe(devices.length);
  });
});
