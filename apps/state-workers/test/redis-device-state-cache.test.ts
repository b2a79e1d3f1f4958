import { compileValidator, DeviceStateCacheDocument, deviceStateCacheExample } from '@homeport/contracts';
import { createRedisClient, type RedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls, sleep, type TestRedisPrefix } from '@homeport/testing';
import { createRedisDeviceStateCache } from '../src/adapters/redis-device-state-cache';
import type { DeviceStateCache } from '../src/domain/ports';
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
