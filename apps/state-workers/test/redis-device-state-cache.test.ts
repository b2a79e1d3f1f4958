import { compileValidator, DeviceStateCacheDocument, deviceStateCacheExample } from '@homeport/contracts';
import { createRedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls } from '@homeport/testing';
import { createRedisDeviceStateCache } from '../src/adapters/redis-device-state-cache';
import { describeDeviceStateCacheContract } from './device-state-cache.contract';
import { readCachedState } from './stores';

describeDeviceStateCacheContract('the Redis device state cache', () => {
  const prefix = createTestRedisPrefix('sw_cache');
  const client = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
  return Promise.resolve({
    cache: createRedisDeviceStateCache(client),
    // Through the contract's layout (hash fields revision and document), as public-api reads it.
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
