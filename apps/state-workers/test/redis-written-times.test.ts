import { telemetryMeasurement } from '@homeport/contracts';
import { createRedisClient, type RedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls } from '@homeport/testing';
import { createBatchingTimeSeriesWriter } from '../src/adapters/batching-time-series-writer';
import { createRedisWrittenTimes } from '../src/adapters/redis-written-times';
import type { TimeSeriesPoint } from '../src/domain/ports';

const hour = 60 * 60_000;
const pointAt = (timeMs: number): TimeSeriesPoint => ({
  measurement: telemetryMeasurement,
  tags: { vendor_id: 'acme', device_id: 'thermo-1' },
  fields: { temperature: 20 },
  timeMs,
});

describe('the times written, shared by the replicas on Redis', () => {
  const prefix = createTestRedisPrefix('sw_written');
  const clients: RedisClient[] = [];
  const openReplica = () => {
    const client = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
    clients.push(client);
    return { client, written: createRedisWrittenTimes(client, hour) };
  };
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await prefix.deleteKeys();
  });

  it('a late point stored by a replica killed before its round is taken by another replica, until its round forgets it', async () => {
    const recent = Date.now() - hour / 4;
    const killed = openReplica();
    const other = openReplica();
    const writer = createBatchingTimeSeriesWriter({
      sink: () => Promise.resolve(),
      written: killed.written,
      maxBatchPoints: 100,
      maxDelayMs: 1,
      maxWritesInFlight: 1,
    });

    await writer.write([pointAt(recent + 9_000)]);
    killed.client.disconnect();

    const taken = await other.written.take();
    await other.written.forget(recent + 9_000);
    expect([taken, await other.written.take()]).toEqual([recent + 9_000, undefined]);
  });

  it('the earliest of the times the replicas noted is kept, and points older than the lookback are not', async () => {
    const recent = Date.now() - hour / 4;
    const [one, two] = [openReplica(), openReplica()];

    await Promise.all([
      one.written.note([pointAt(recent + 5_000), pointAt(Date.now() - 2 * hour)]),
      two.written.note([pointAt(recent + 2_000)]),
      one.written.note([pointAt(recent + 3_000)]),
    ]);

    expect(await two.written.take()).toBe(recent + 2_000);
  });
});
