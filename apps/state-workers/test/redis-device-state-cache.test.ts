import {
  buildDeviceStateCacheKey,
  compileValidator,
  DeviceStateCacheDocument,
  deviceStateCacheExample,
} from '@homeport/contracts';
import { createRedisClient, type RedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls, sleep, type TestRedisPrefix } from '@homeport/testing';
import type { SharedRows } from '../src/adapters/merged-rows';
import { createRedisDeviceStateCache } from '../src/adapters/redis-device-state-cache';
import { createRedisSharedRows } from '../src/adapters/redis-shared-rows';
import type { DeviceStateCache, StoredDeviceState } from '../src/domain/ports';
import { describeDeviceStateCacheContract } from './device-state-cache.contract';
import { readCachedState } from './stores';

describeDeviceStateCacheContract('the Redis device state cache', () => {
  const prefix = createTestRedisPrefix('sw_cache');
  const client = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
  return Promise.resolve({
    cache: createRedisDeviceStateCache(client),
    // Through the contract's layout (hash fields revision and document), as broker-api reads it.
    async read(vendorId, deviceId) {
      const cached = await readCachedState(client, deviceId, vendorId);
      if (cached !== undefined && cached.revision !== cached.document.revision) {
        throw new Error(`hash revision ${cached.revision} differs from its document's`);
      }
      return cached?.document;
    },
    async close() {
      client.disconnect();
      await prefix.deleteKeys();
    },
  });
});

describe('the device state cache contract', () => {
  it("the contract's example document validates against its schema", () => {
    expect(compileValidator(DeviceStateCacheDocument).explain(deviceStateCacheExample)).toEqual([]);
  });
});

describe('the refill claim of replicas sharing one Redis', () => {
  let prefix: TestRedisPrefix;
  let client: RedisClient;
  let replicas: [DeviceStateCache, DeviceStateCache];

  beforeEach(() => {
    prefix = createTestRedisPrefix('sw_refill_claim');
    client = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
    replicas = [createRedisDeviceStateCache(client), createRedisDeviceStateCache(client)];
  });

  afterEach(async () => {
    client.disconnect();
    await prefix.deleteKeys();
  });

  it('one replica refills at a time: another claims only once the lease expired or was released', async () => {
    const [first, second] = replicas;
    expect(await first.claimRefill('replica-a', 200)).toBe(true);
    expect(await second.claimRefill('replica-b', 200)).toBe(false);

    await first.releaseRefill('replica-a');
    expect(await second.claimRefill('replica-b', 200)).toBe(true);
    await sleep(300);

    expect(await second.renewRefill('replica-b', 200)).toBe(false);
    expect(await first.claimRefill('replica-a', 60_000)).toBe(true);
    expect(await second.markFilled('replica-b')).toBe(false);
  });

  it('when Redis loses its data during a refill, its holder can neither renew nor mark it filled', async () => {
    const [cache] = replicas;
    expect(await cache.claimRefill('replica-a', 60_000)).toBe(true);

    await prefix.deleteKeys();

    expect(await cache.renewRefill('replica-a', 60_000)).toBe(false);
    expect(await cache.markFilled('replica-a')).toBe(false);
    expect(await cache.claimRefill('replica-a', 60_000)).toBe(true);
  });
});

describe('the merged rows replicas share through the cached copy', () => {
  let prefix: TestRedisPrefix;
  let client: RedisClient;
  let cache: DeviceStateCache;
  let shared: SharedRows;
  const device = { vendorId: 'acme', deviceId: 'thermostat-7' };
  const stored = (revision: number, withOrderKeys = true): StoredDeviceState => ({
    ...device,
    revision,
    state: { setpoint: 20 + revision, mode: 'heat' },
    reportedAt: 1_000 + revision,
    storedAt: 2_000 + revision,
    ...(withOrderKeys && {
      orderKeys: { versions: { mode: [0, 1, -1, 900] }, newestKey: [0, revision, -1, 1_000 + revision] },
    }),
  });
  const readRow = async (knownRevision: number) => {
    const [row] = await shared.readNewer([{ device, knownRevision }]);
    return row;
  };

  beforeEach(() => {
    prefix = createTestRedisPrefix('sw_shared_rows');
    client = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
    cache = createRedisDeviceStateCache(client);
    shared = createRedisSharedRows(client);
  });

  afterEach(async () => {
    client.disconnect();
    await prefix.deleteKeys();
  });

  it('a replica reads the row another merged only when its revision is above the one it knows', async () => {
    await cache.write(stored(5));

    expect(await readRow(0)).toEqual({
      revision: 5,
      state: { setpoint: 25, mode: 'heat' },
      versions: { mode: [0, 1, -1, 900] },
      newestKey: [0, 5, -1, 1_005],
      reportedAt: 1_005,
    });
    expect(await readRow(5)).toBeUndefined();
    expect(await shared.readNewer([])).toEqual([]);
  });

  it('when a revision is written without order keys, or a writer left another revision’s beside it, there is no row', async () => {
    await cache.write(stored(5));
    await cache.write(stored(6, false));
    expect(await readRow(0)).toBeUndefined();
    expect(await client.hget(buildDeviceStateCacheKey('acme', 'thermostat-7'), 'orderKeys')).toBeNull();

    await cache.write(stored(7));
    // A writer that knows no order keys and keeps the field (a replica of the version before them).
    await client.hset(buildDeviceStateCacheKey('acme', 'thermostat-7'), {
      revision: '8',
      document: JSON.stringify(stored(8, false)),
    });
    expect(await readRow(0)).toBeUndefined();
  });

  it('a deleted device’s tombstone, or a device never cached, has no row; the rows come in the order asked', async () => {
    await cache.write(stored(5));
    await cache.forget(device, 6);
    const neverSeen = { vendorId: 'acme', deviceId: 'never-seen' };
    const other = { vendorId: 'acme', deviceId: 'thermostat-8' };
    await cache.write({ ...stored(3), ...other });

    const rows = await shared.readNewer(
      [device, neverSeen, other].map((asked) => ({ device: asked, knownRevision: 0 })),
    );

    expect(rows).toEqual([
      undefined,
      undefined,
      expect.objectContaining({ revision: 3, state: { setpoint: 23, mode: 'heat' } }),
    ]);
  });

  it('a hash holding another device’s document, or a revision that is not a number, has no row', async () => {
    const key = buildDeviceStateCacheKey('acme', 'thermostat-7');
    await cache.write({ ...stored(5), deviceId: 'thermostat-9' });
    await client.rename(buildDeviceStateCacheKey('acme', 'thermostat-9'), key);
    expect(await readRow(0)).toBeUndefined();

    await client.hset(key, 'revision', 'not-a-number');
    expect(await readRow(0)).toBeUndefined();
  });
});
