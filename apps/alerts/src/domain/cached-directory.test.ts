import type { DeviceInfo } from './alert-rule';
import { createCachedDevices } from './cached-directory';
import type { DeviceDirectory } from './ports';

const device = (homeId: string): DeviceInfo => ({
  vendorId: 'acme',
  deviceId: 'thermostat-1',
  productId: 'thermostat',
  homeId,
});

/** A registry whose answers the test releases one at a time. */
function createSlowDirectory() {
  const calls: ((answer: DeviceInfo) => void)[] = [];
  const directory: DeviceDirectory = {
    findDevice: () => new Promise((resolve) => calls.push(resolve)),
    findProductFeatures: () => Promise.resolve(undefined),
  };
  return { directory, calls };
}

describe('the cached device lookups', () => {
  it('answer an expired device at once from memory while it is looked up again, once', async () => {
    let nowMs = 0;
    const { directory, calls } = createSlowDirectory();
    const cache = createCachedDevices(directory, { ttlMs: 1000, maxEntries: 10, now: () => nowMs });
    const first = cache.find('thermostat-1');
    calls[0]?.(device('home-a'));
    await expect(first).resolves.toEqual(device('home-a'));

    nowMs = 5000;
    await expect(cache.find('thermostat-1')).resolves.toEqual(device('home-a'));
    await expect(cache.find('thermostat-1')).resolves.toEqual(device('home-a'));
    expect(calls).toHaveLength(2);
    calls[1]?.(device('home-b'));
    await Promise.resolve();
    await expect(cache.find('thermostat-1')).resolves.toEqual(device('home-b'));
    expect(calls).toHaveLength(2);
  });

  it('after forget, wait for a new lookup, and a lookup begun before the change never brings the old home back', async () => {
    let nowMs = 0;
    const { directory, calls } = createSlowDirectory();
    const cache = createCachedDevices(directory, { ttlMs: 1000, maxEntries: 10, now: () => nowMs });
    const first = cache.find('thermostat-1');
    calls[0]?.(device('home-a'));
    await first;
    nowMs = 5000;
    await cache.find('thermostat-1'); // stale answer, refresh begun
    cache.forget('thermostat-1');
    const afterChange = cache.find('thermostat-1');
    calls[1]?.(device('home-a')); // the refresh begun before the change answers late
    calls[2]?.(device('home-b'));
    await expect(afterChange).resolves.toEqual(device('home-b'));
    await expect(cache.find('thermostat-1')).resolves.toEqual(device('home-b'));
  });
});
