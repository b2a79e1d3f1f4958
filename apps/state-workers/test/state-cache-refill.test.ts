import {
  buildDeviceStateCacheKey,
  deviceDeletedV1,
  deviceReportedV1,
  deviceStateCacheFields,
  stateWorkersQueue,
} from '@homeport/contracts';
import { createInProcessBroker, createInProcessMessageBus, type MessageBus } from '@homeport/messaging';
import { createLogger, createMetricsRegistry, type Registry } from '@homeport/observability';
import { createPostgresPool, createRedisClient, type SqlPool } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls, waitFor } from '@homeport/testing';
import { createInMemoryDeviceStateCache } from '../src/adapters/in-memory-device-state-cache';
import { createPostgresDeviceStateStore } from '../src/adapters/pg-device-state-store';
import { createPostgresTimeSeriesRollups } from '../src/adapters/pg-time-series-rollups';
import { createPostgresTimeSeriesSink } from '../src/adapters/pg-time-series-sink';
import { createRedisDeviceStateCache } from '../src/adapters/redis-device-state-cache';
import { loadStateWorkersSettings } from '../src/config';
import type { DeviceReported } from '../src/domain/record-reported-state';
import { createStateCacheRefill } from '../src/entry-points/state-cache-refill';
import { createStateWorkersMetrics } from '../src/metrics';
import { startStateWorkersOn, type RunningStateWorkers } from '../src/start-state-workers';
import { countOutcomes } from './events';
import { baseTime, reported } from './fixtures';
import {
  createSuiteServers,
  createTestBus,
  startTestWorkers,
  testRetryDelaysMs,
  type SuiteServers,
} from './harness';
import { openSuiteStores, readCachedState, type SuiteStores } from './stores';

const silent = createLogger({ service: 'state-workers', level: 'silent' });

/** How many refills of the state cache ended with `outcome` (state_workers_state_cache_refills_total). */
async function countRefills(registry: Registry, outcome: string): Promise<number> {
  const metric = registry.getSingleMetric('state_workers_state_cache_refills_total');
  const values = metric === undefined ? [] : (await metric.get()).values;
  return values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
}

describe('state-workers refill the cache of current states from PostgreSQL', () => {
  let servers: SuiteServers;
  let stores: SuiteStores;
  let workers: RunningStateWorkers;
  let bus: MessageBus;
  let pool: SqlPool;

  beforeAll(async () => {
    servers = await createSuiteServers('sw_refill');
    // Checked every 200 ms, so a lost cache is refilled within the test.
    workers = await startTestWorkers(servers, { STATE_CACHE_CHECK_MS: '200' });
    stores = openSuiteStores(servers);
    bus = await createTestBus(servers, [stateWorkersQueue]);
    pool = createPostgresPool({ url: servers.database.url, max: 2 });
  });

  afterAll(async () => {
    await pool.end();
    await bus.close();
    await workers.close();
    await stores.close();
    await servers.drop();
  });

  /** Publishes reports that each change their device, and waits until the workers stored them all. */
  const storeReports = async (...messages: DeviceReported[]) => {
    const before = await countOutcomes(workers.metrics, 'changed');
    for (const message of messages) await bus.publish(deviceReportedV1, message);
    await waitFor(
      async () => (await countOutcomes(workers.metrics, 'changed')) === before + messages.length,
      'the reports stored',
    );
  };
  /** Deletes a device (after its reports) and waits for its tombstone; resolves with its revision. */
  const deleteDevice = async (deviceId: string) => {
    const tombstone = ((await stores.readState(deviceId))?.revision ?? 0) + 1;
    await bus.publish(deviceDeletedV1, { vendorId: 'acme', deviceId, deletedAt: baseTime + 60_000 });
    await waitFor(async () => (await stores.readCachedRevision(deviceId)) === tombstone, 'the tombstone');
    return tombstone;
  };

  it('when Redis loses every key, the next check writes each device back at the same revision and state', async () => {
    // One after the other: reports in flight together may be handled in either order, and the cached seq is
    // the one of the report that made the revision (CI once cached revision 2 with seq 1).
    await storeReports(reported('lost-1', 1, { temperature: 20.5 }));
    await storeReports(reported('lost-1', 2, { mode: 'heat' }));
    await waitFor(async () => (await stores.readCachedRevision('lost-1')) === 2, 'the cached state');
    const { seq, ...withoutSeq } = (await stores.readCached('lost-1'))?.document ?? {};

    // As a Redis restart without persistence would: the fill marker goes with the states.
    await servers.redis.deleteKeys();

    await waitFor(async () => (await stores.readCachedRevision('lost-1')) === 2, 'the refilled state');
    expect(seq).toBe(2);
    // The store keeps no seq, so the refilled document has none; the rest is the same.
    expect((await stores.readCached('lost-1'))?.document).toEqual(withoutSeq);
    expect(withoutSeq).toMatchObject({ revision: 2, state: { temperature: 20.5, mode: 'heat' } });
  });

  it('a refill writes a deleted device as a tombstone and keeps a newer revision cached meanwhile', async () => {
    await storeReports(
      reported('paged-a', 1, { temperature: 19 }),
      reported('paged-b', 1, { temperature: 21 }),
      reported('paged-c', 1, { mode: 'eco' }),
      reported('paged-d', 1, { mode: 'off' }),
    );
    const tombstone = await deleteDevice('paged-c');
    // An empty cache of its own (as after a loss), in which a report merged meanwhile was cached.
    const prefix = createTestRedisPrefix('sw_refill_pages');
    const client = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
    const cache = createRedisDeviceStateCache(client);
    const newer = {
      vendorId: 'acme',
      deviceId: 'paged-b',
      revision: 7,
      state: { temperature: 22.5 },
      reportedAt: baseTime + 9000,
      storedAt: Date.now(),
    };
    await cache.write(newer);
    const registry = createMetricsRegistry({ service: 'state-workers' });
    const refill = createStateCacheRefill({
      store: createPostgresDeviceStateStore(pool),
      cache,
      checkIntervalMs: 60_000,
      metrics: createStateWorkersMetrics(registry),
      logger: silent,
      pageRows: 2,
    });
    try {
      // The first check runs at start; start resolves once it ended.
      await refill.start();

      expect(await countRefills(registry, 'completed')).toBe(1);
      expect((await readCachedState(client, 'paged-a'))?.document).toMatchObject({
        revision: 1,
        state: { temperature: 19 },
      });
      expect((await readCachedState(client, 'paged-b'))?.document).toEqual(newer);
      expect(await readCachedState(client, 'paged-c')).toBeUndefined();
      const cKey = buildDeviceStateCacheKey('acme', 'paged-c');
      expect(await client.hget(cKey, deviceStateCacheFields.revision)).toBe(String(tombstone));
      expect((await readCachedState(client, 'paged-d'))?.document.state).toEqual({ mode: 'off' });

      // Filled: the next check refills nothing.
      refill.trigger();
      await refill.stop();
      expect(await countRefills(registry, 'completed')).toBe(1);
    } finally {
      await refill.stop();
      client.disconnect();
      await prefix.deleteKeys();
    }
  });

  it("in the embedded mode, a fresh in-memory cache is filled from the database's states at start", async () => {
    await storeReports(reported('memory-1', 1, { battery: 87 }), reported('memory-2', 1, { battery: 12 }));
    await deleteDevice('memory-2');
    const cache = createInMemoryDeviceStateCache();
    const embeddedBus = await createInProcessMessageBus({
      broker: createInProcessBroker(),
      queues: [stateWorkersQueue],
      retryDelaysMs: testRetryDelaysMs,
    });
    const settings = loadStateWorkersSettings({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      RETRY_DELAYS_MS: testRetryDelaysMs.join(','),
    });
    const embedded = await startStateWorkersOn(settings, {
      logger: silent,
      runtime: {
        bus: embeddedBus,
        stateStore: createPostgresDeviceStateStore(pool),
        stateCache: cache,
        timeSeriesSink: createPostgresTimeSeriesSink(pool),
        timeSeriesRollups: createPostgresTimeSeriesRollups(pool),
        readinessChecks: {},
      },
    });
    try {
      await waitFor(async () => (await countRefills(embedded.metrics, 'completed')) === 1, 'the refill');

      expect(cache.read('acme', 'memory-1')).toMatchObject({ revision: 1, state: { battery: 87 } });
      expect(cache.read('acme', 'memory-2')).toBeUndefined();
    } finally {
      await embedded.close();
      await embeddedBus.close();
    }
  });
});
