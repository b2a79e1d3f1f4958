import { createInMemoryDeviceStateCache } from '../src/adapters/in-memory-device-state-cache';
import { describeDeviceStateCacheContract } from './device-state-cache.contract';

describeDeviceStateCacheContract('the in-memory device state cache', () => {
  const cache = createInMemoryDeviceStateCache();
  return Promise.resolve({
    cache,
    read: (vendorId, deviceId) => Promise.resolve(cache.read(vendorId, deviceId)),
    close: () => Promise.resolve(),
  });
});
