import { telemetryMeasurement } from '@homeport/contracts';
import { createMetricsRegistry } from '@homeport/observability';
import { createRedisClient, type RedisClient } from '@homeport/storage';
import {
  createTestInfluxDatabase,
  createTestRedisPrefix,
  readTestServerUrls,
  waitFor,
  type TestInfluxDatabase,
} from '@homeport/testing';
import { createInfluxTimeSeriesRollups } from '../src/adapters/influx-time-series-rollups';
import { createInfluxTimeSeriesSink } from '../src/adapters/influx-time-series-sink';
import { createRedisRollupRounds } from '../src/adapters/redis-rollup-rounds';
import { createRedisWrittenTimes } from '../src/adapters/redis-written-times';
import type { RollupRange, TimeSeriesRollups } from '../src/domain/ports';
import { rollupLookbackMs } from '../src/entry-points/time-series-maintenance';
import { createStateWorkersMetrics } from '../src/metrics';
import { createTestMaintenance } from './test-maintenance';

const minute = 60_000;
const telemetry = (timeMs: number) => ({
  measurement: telemetryMeasurement,
  tags: { vendor_id: 'acme', device_id: 'thermo-1' },
  fields: { temperature: 20 },
  timeMs,
});

describe('the time-series maintenance of replicas sharing one Redis, on InfluxDB', () => {
  let influx: TestInfluxDatabase;
  let redisPrefix: ReturnType<typeof createTestRedisPrefix>;
  const clients: RedisClient[] = [];
  const stops: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    influx = await createTestInfluxDatabase('sw_replicas');
    redisPrefix = createTestRedisPrefix('sw_replicas');
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    for (const client of clients.splice(0)) client.disconnect();
    await redisPrefix.deleteKeys();
    await influx.drop();
  });

  /** One replica's job: its own Redis client and metrics; `rolledUp` lists the ranges it rolled up. */
  const startReplica = (options: { leaseMs: number; rollUp?: (range: RollupRange) => Promise<void> }) => {
    const client = createRedisClient({
      url: readTestServerUrls().redisUrl,
      keyPrefix: redisPrefix.keyPrefix,
    });
    clients.push(client);
    const stored = createInfluxTimeSeriesRollups({ url: influx.url, database: influx.database });
    const rolledUp: RollupRange[] = [];
    const rollups: TimeSeriesRollups = {
      ...stored,
      async rollUp(range) {
        rolledUp.push(range);
        await (options.rollUp ?? stored.rollUp)(range);
      },
    };
    const metrics = createStateWorkersMetrics(createMetricsRegistry({ service: 'state-workers' }));
    const written = createRedisWrittenTimes(client, rollupLookbackMs);
    const maintenance = createTestMaintenance({
      rollups,
      written,
      rounds: createRedisRollupRounds(client, options.leaseMs),
      metrics,
    });
    const rounds = async () =>
      (await metrics.timeSeriesMaintenance.get()).values
        .filter((one) => one.labels.step === 'rollup' || one.labels.step === 'skipped')
        .reduce((sum, one) => sum + one.value, 0);
    return {
      client,
      written,
      rolledUp,
      maintenance,
      stop: () => maintenance.stop(),
      countOf: async (step: string) =>
        (await metrics.timeSeriesMaintenance.get()).values.find((one) => one.labels.step === step)?.value ??
        0,
      /** Triggers a round and waits until it ran or was skipped. */
      async runRound() {
        const before = await rounds();
        maintenance.trigger();
        await waitFor(async () => (await rounds()) > before, 'a round done or skipped');
      },
    };
  };

  it('two replicas run one round per lease between them: the second skips the minute the first rolled up', async () => {
    const [one, two] = [startReplica({ leaseMs: minute }), startReplica({ leaseMs: minute })];
    stops.push(one.stop, two.stop);

    await one.runRound();
    await two.runRound();
    await one.runRound();

    expect({
      one: [await one.countOf('rollup'), await one.countOf('skipped')],
      two: [await two.countOf('rollup'), await two.countOf('skipped')],
    }).toEqual({ one: [1, 1], two: [0, 1] });
    expect(two.rolledUp).toEqual([]);
  });

  it("a replica started after another's round continues from its cuts: it rolls up only what ended since, not the hour", async () => {
    const first = startReplica({ leaseMs: 1 });
    stops.push(first.stop);
    await first.runRound();
    const started = startReplica({ leaseMs: 1 });
    stops.push(started.stop);

    await started.runRound();

    // The first round, knowing no cut, rolled up the lookback; every later range starts at the first's cut.
    // Its hourly range is absent in the arrival margin after each full hour (no hourly bucket has settled
    // since the lookback's start): the test must not depend on the minute it runs at.
    expect(first.rolledUp.map((range) => range.widths)).toContainEqual(['5m']);
    for (const range of first.rolledUp)
      expect(range.fromMs).toBeLessThanOrEqual(Date.now() - rollupLookbackMs);
    const firstCuts = new Map(first.rolledUp.map((range) => [String(range.widths), range.toMs]));
    for (const range of started.rolledUp) expect(range.fromMs).toBe(firstCuts.get(String(range.widths)));
  });

  it('a round killed after taking the late-points note leaves it: the next round rolls that bucket up', async () => {
    const survivor = startReplica({ leaseMs: 1 });
    stops.push(survivor.stop);
    await survivor.runRound();
    const lateMs = Date.now() - 20 * minute;
    await createInfluxTimeSeriesSink({ url: influx.url, database: influx.database })([telemetry(lateMs)]);
    await survivor.written.note([telemetry(lateMs)]);
    let reachedRollUp = false;
    const killed = startReplica({
      leaseMs: 1,
      rollUp: () => {
        // Killed in the middle of its round: after it took the note, before it rolled anything up.
        reachedRollUp = true;
        killed.client.disconnect();
        return new Promise<void>(() => undefined);
      },
    });
    killed.maintenance.trigger();
    await waitFor(() => Promise.resolve(reachedRollUp), 'the killed round took the note');

    await survivor.runRound();

    const bucketMs = Math.floor(lateMs / (5 * minute)) * 5 * minute;
    expect(survivor.rolledUp).toContainEqual(expect.objectContaining({ fromMs: bucketMs, widths: ['5m'] }));
    expect(await survivor.written.take()).toBeUndefined();
  });
});
