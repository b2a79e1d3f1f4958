import { compileValidator, DeviceStateCacheDocument, deviceStateCacheExample } from '@homeport/contracts';
import { createRedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls, type TestRedisPrefix } from '@homeport/testing';
import { createRedisDeviceStateCache } from '../src/adapters/redis-device-state-cache';
import type { DeviceStateCache, StoredDeviceState } from '../src/domain/ports';
import { readCachedState } from './stores';

function revision(number: number, temperature: number): StoredDeviceState {
  return {
    vendorId: 'acme',
    deviceId: 'thermo-9',
    revision: number,
    state: { temperature },
    reportedAt: 1000 + number,
    storedAt: 2000 + number,
  };
}

describe('the Redis device state cache', () => {
  let prefix: TestRedisPrefix;
  let client: ReturnType<typeof createRedisClient>;
  let cache: DeviceStateCache;

  beforeAll(() => {
    prefix = createTestRedisPrefix('sw_cache');
    client = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
    cache = createRedisDeviceStateCache(client);
  });

  afterAll(async () => {
    client.disconnect();
    await prefix.deleteKeys();
  });

  it('when revisions are written out of order, the highest stays, in the layout of the contract', async () => {
    expect(await cache.write(revision(5, 21))).toBe(true);
    expect(await cache.write(revision(3, 18))).toBe(false);
    expect(await cache.write(revision(5, 19))).toBe(false);

    expect(await readCachedState(client, 'thermo-9')).toEqual({
      revision: 5,
      document: revision(5, 21),
    });
    expect(await cache.write(revision(6, 22))).toBe(true);
    expect((await readCachedState(client, 'thermo-9'))?.document.state).toEqual({ temperature: 22 });
  });

  it("the contract's example document validates against its schema", () => {
    expect(compileValidator(DeviceStateCacheDocument).explain(deviceStateCacheExample)).toEqual([]);
  });
});
