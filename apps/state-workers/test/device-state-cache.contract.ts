import type { DeviceStateCache, StoredDeviceState } from '../src/domain/ports';

/** A device state cache under test, with a way to read back what it holds. */
export interface DeviceStateCacheSubject {
  readonly cache: DeviceStateCache;
  /** The cached state of a device, read through the implementation's own layout. */
  read(vendorId: string, deviceId: string): Promise<StoredDeviceState | undefined>;
  close(): Promise<void>;
}

function revision(
  deviceId: string,
  number: number,
  temperature: number,
  vendorId = 'acme',
): StoredDeviceState {
  return {
    vendorId,
    deviceId,
    revision: number,
    state: { temperature, mode: 'heat', schedule: { weekdays: [6, 22] } },
    reportedAt: 1000 + number,
    storedAt: 2000 + number,
  };
}

/** Opening a store may take seconds (PGlite starts PostgreSQL in WebAssembly on a busy machine). */
const openTimeoutMs = 30_000;

/**
 * The behaviour every DeviceStateCache must have (Redis in the distributed mode, memory in the embedded
 * one): the highest revision of a device wins, whatever order replicas write in.
 */
export function describeDeviceStateCacheContract(
  title: string,
  openSubject: () => Promise<DeviceStateCacheSubject>,
): void {
  describe(title, () => {
    let subject: DeviceStateCacheSubject;

    beforeAll(async () => {
      subject = await openSubject();
    }, openTimeoutMs);

    afterAll(async () => {
      await subject.close();
    });

    it('when revisions are written out of order, the highest stays', async () => {
      const { cache } = subject;
      expect(await cache.write(revision('thermo-1', 5, 21))).toBe(true);
      expect(await cache.write(revision('thermo-1', 3, 18))).toBe(false);

      expect(await subject.read('acme', 'thermo-1')).toEqual(revision('thermo-1', 5, 21));
      expect(await cache.write(revision('thermo-1', 6, 22))).toBe(true);
      expect(await subject.read('acme', 'thermo-1')).toEqual(revision('thermo-1', 6, 22));
    });

    it('a second write of the stored revision is refused and changes nothing', async () => {
      await subject.cache.write(revision('thermo-2', 4, 20));

      expect(await subject.cache.write(revision('thermo-2', 4, 25))).toBe(false);
      expect(await subject.read('acme', 'thermo-2')).toEqual(revision('thermo-2', 4, 20));
    });

    it('devices are cached apart, also devices of the same id under two vendors', async () => {
      await subject.cache.write(revision('thermo-3', 9, 19));
      await subject.cache.write(revision('thermo-3', 2, 23, 'globex'));
      await subject.cache.write(revision('thermo-4', 1, 17));

      expect(await subject.read('acme', 'thermo-3')).toEqual(revision('thermo-3', 9, 19));
      expect(await subject.read('globex', 'thermo-3')).toEqual(revision('thermo-3', 2, 23, 'globex'));
      expect(await subject.read('acme', 'thermo-4')).toEqual(revision('thermo-4', 1, 17));
    });

    it('a device never written reads as nothing', async () => {
      expect(await subject.read('acme', 'never-written')).toBeUndefined();
    });

    it('a deleted device reads as nothing, and only a revision above its tombstone is cached again', async () => {
      const { cache } = subject;
      await cache.write(revision('thermo-6', 4, 20));

      expect(await cache.forget({ vendorId: 'acme', deviceId: 'thermo-6' }, 5)).toBe(true);
      expect(await cache.write(revision('thermo-6', 4, 20))).toBe(false);
      expect(await subject.read('acme', 'thermo-6')).toBeUndefined();
      expect(await cache.forget({ vendorId: 'acme', deviceId: 'thermo-6' }, 5)).toBe(false);

      expect(await cache.write(revision('thermo-6', 6, 18))).toBe(true);
      expect(await subject.read('acme', 'thermo-6')).toEqual(revision('thermo-6', 6, 18));
    });

    it('a fresh cache is to be refilled until a refill is marked filled, then no refill is claimed', async () => {
      const { cache } = subject;
      expect(await cache.claimRefill('replica-a', 60_000)).toBe(true);
      expect(await cache.renewRefill('replica-a', 60_000)).toBe(true);

      expect(await cache.markFilled('replica-a')).toBe(true);

      expect(await cache.claimRefill('replica-b', 60_000)).toBe(false);
      expect(await cache.renewRefill('replica-a', 60_000)).toBe(false);
    });

    it('changing a written object afterwards does not change the cached state', async () => {
      const written = revision('thermo-5', 1, 20);
      await subject.cache.write(written);

      (written.state as Record<string, unknown>).temperature = 99;

      expect((await subject.read('acme', 'thermo-5'))?.state).toMatchObject({ temperature: 20 });
    });
  });
}
