import { AppError } from '@homeport/errors';
import { createCachedDeviceRegistry } from './cached-device-registry';
import type { DeviceRegistry, RegisteredDevice } from './device-registry';

/** A registry that counts its lookups and answers from a map (or fails while `failing`). */
function createCountingRegistry(devices: Map<string, RegisteredDevice>) {
  const lookups: string[] = [];
  const state = { failing: false };
  const registry: DeviceRegistry = {
    findDevice(deviceId) {
      lookups.push(deviceId);
      if (state.failing) {
        return Promise.reject(new AppError('unavailable', 'DEVICE_REGISTRY_UNAVAILABLE', 'away'));
      }
      return Promise.resolve(devices.get(deviceId));
    },
  };
  return { registry, lookups, state };
}

describe('cached device registry', () => {
  let clock: number;
  const now = () => clock;
  const devices = new Map([
    ['d1', { vendorId: 'acme' }],
    ['d2', { vendorId: 'acme' }],
    ['d3', { vendorId: 'acme' }],
  ]);
  const options = { knownTtlMs: 60_000, unknownTtlMs: 10_000, maxEntries: 100, now };
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('remembers a known device for the known TTL and an unknown one for the shorter unknown TTL', async () => {
    const { registry, lookups } = createCountingRegistry(devices);
    const cached = createCachedDeviceRegistry(registry, options);
    expect(await cached.findDevice('d1')).toEqual({ vendorId: 'acme' });
    expect(await cached.findDevice('ghost')).toBeUndefined();
    clock += 9_999;
    await cached.findDevice('d1');
    await cached.findDevice('ghost');
    expect(lookups).toEqual(['d1', 'ghost']);
    clock += 1;
    await cached.findDevice('d1');
    await cached.findDevice('ghost');
    expect(lookups).toEqual(['d1', 'ghost', 'ghost']);
    clock += 50_000;
    await cached.findDevice('d1');
    expect(lookups).toEqual(['d1', 'ghost', 'ghost', 'd1']);
  });

  it('keeps at most maxEntries devices, forgetting the least recently used first', async () => {
    const { registry, lookups } = createCountingRegistry(devices);
    const cached = createCachedDeviceRegistry(registry, { ...options, maxEntries: 2 });
    await cached.findDevice('d1');
    await cached.findDevice('d2');
    await cached.findDevice('d1'); // d2 is now the least recently used
    await cached.findDevice('d3');
    lookups.length = 0;
    await cached.findDevice('d1');
    await cached.findDevice('d3');
    await cached.findDevice('d2');
    expect(lookups).toEqual(['d2']);
  });

  it('does not remember a failed lookup, and concurrent lookups of one device share one request', async () => {
    const { registry, lookups, state } = createCountingRegistry(devices);
    const cached = createCachedDeviceRegistry(registry, options);
    state.failing = true;
    await expect(cached.findDevice('d1')).rejects.toMatchObject({ kind: 'unavailable' });
    state.failing = false;
    const answers = await Promise.all([cached.findDevice('d1'), cached.findDevice('d1')]);
    expect(answers).toEqual([{ vendorId: 'acme' }, { vendorId: 'acme' }]);
    expect(lookups).toEqual(['d1', 'd1']);
  });

  it('with a TTL of 0, asks the registry every time', async () => {
    const { registry, lookups } = createCountingRegistry(devices);
    const cached = createCachedDeviceRegistry(registry, { ...options, knownTtlMs: 0, unknownTtlMs: 0 });
    await cached.findDevice('d1');
    await cached.findDevice('d1');
    await cached.findDevice('ghost');
    await cached.findDevice('ghost');
    expect(lookups).toEqual(['d1', 'd1', 'ghost', 'ghost']);
  });
});
