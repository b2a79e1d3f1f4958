import { createInvalidatedCache } from './invalidated-cache';
import { createInProcessInvalidations, type Invalidations } from './invalidations';

const limits = { maxEntries: 100, maxAgeMs: 60_000 };

/** Counts the reads of the source behind the cache, and lets a test hold one until it says. */
function createSource() {
  let reads = 0;
  let value = 'first';
  return {
    reads: () => reads,
    change: (next: string) => {
      value = next;
    },
    load: () => {
      reads += 1;
      return Promise.resolve({ value });
    },
  };
}

describe('a cache invalidated across replicas', () => {
  it('a value read once is answered from the cache until an invalidation names its key', async () => {
    const invalidations = createInProcessInvalidations();
    const cache = createInvalidatedCache<{ value: string }>(invalidations, limits);
    invalidations.subscribe('home-scope', { onStale: cache.drop, onReset: cache.dropAll });
    const source = createSource();

    expect(await cache.get('user-1', source.load)).toEqual({ value: 'first' });
    source.change('second');
    expect(await cache.get('user-1', source.load)).toEqual({ value: 'first' });
    expect(source.reads()).toBe(1);

    await invalidations.publish('home-scope', 'user-2');
    expect(await cache.get('user-1', source.load)).toEqual({ value: 'first' });
    await invalidations.publish('home-scope', 'user-1');
    expect(await cache.get('user-1', source.load)).toEqual({ value: 'second' });
    expect(source.reads()).toBe(2);
  });

  it('a value read while an invalidation arrived is answered but not kept: it may predate the change', async () => {
    const invalidations = createInProcessInvalidations();
    const cache = createInvalidatedCache<{ value: string }>(invalidations, limits);
    invalidations.subscribe('session', { onStale: cache.drop, onReset: cache.dropAll });
    const source = createSource();

    const racing = cache.get('session-1', async () => {
      const read = await source.load();
      // The change commits and is announced after this read and before it is kept.
      source.change('ended');
      await invalidations.publish('session', 'session-1');
      return read;
    });
    expect(await racing).toEqual({ value: 'first' });
    expect(await cache.get('session-1', source.load)).toEqual({ value: 'ended' });
  });

  it('with shared loads, callers missing a key being read wait for that read; after an invalidation they read again', async () => {
    const invalidations = createInProcessInvalidations();
    const cache = createInvalidatedCache<{ value: string }>(invalidations, limits, { shareLoads: true });
    invalidations.subscribe('device', { onStale: cache.drop, onReset: cache.dropAll });
    const source = createSource();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowLoad = async () => {
      await held;
      return source.load();
    };

    const burst = [
      cache.get('device-1', slowLoad),
      cache.get('device-1', slowLoad),
      cache.get('device-1', slowLoad),
    ];
    // The device changes while the first read is in flight: a caller asking now must not get that read.
    await invalidations.publish('device', 'device-1');
    source.change('second');
    const afterChange = cache.get('device-1', source.load);
    release();
    expect(await Promise.all(burst)).toEqual([{ value: 'second' }, { value: 'second' }, { value: 'second' }]);
    expect(await afterChange).toEqual({ value: 'second' });
    expect(source.reads()).toBe(2);
  });

  it('while the invalidations are not listened to, every read goes to the source and nothing is kept', async () => {
    let listening = false;
    const invalidations: Invalidations = {
      ...createInProcessInvalidations(),
      isListening: () => listening,
    };
    const cache = createInvalidatedCache<{ value: string }>(invalidations, limits);
    const source = createSource();

    await cache.get('user-1', source.load);
    await cache.get('user-1', source.load);
    expect(source.reads()).toBe(2);
    listening = true;
    await cache.get('user-1', source.load);
    await cache.get('user-1', source.load);
    expect(source.reads()).toBe(3);
  });

  it('with a max age of 0 nothing is cached', async () => {
    const cache = createInvalidatedCache<{ value: string }>(createInProcessInvalidations(), {
      maxEntries: 100,
      maxAgeMs: 0,
    });
    const source = createSource();
    await cache.get('user-1', source.load);
    await cache.get('user-1', source.load);
    expect(source.reads()).toBe(2);
  });

  it('dropping by value removes every entry it matches (the sessions of one user)', async () => {
    const cache = createInvalidatedCache<{ userId: string }>(createInProcessInvalidations(), limits);
    let reads = 0;
    const load = (userId: string) => () => {
      reads += 1;
      return Promise.resolve({ userId });
    };
    await cache.get('session-a', load('ada'));
    await cache.get('session-b', load('ada'));
    await cache.get('session-c', load('bob'));
    cache.dropWhere((session) => session.userId === 'ada');
    for (const [session, user] of [
      ['session-a', 'ada'],
      ['session-b', 'ada'],
      ['session-c', 'bob'],
    ] as const)
      await cache.get(session, load(user));
    expect(reads).toBe(5);
  });

  it('an invalidation of another key does not keep a value being read from being kept', async () => {
    const invalidations = createInProcessInvalidations();
    const cache = createInvalidatedCache<{ value: string }>(invalidations, limits);
    invalidations.subscribe('device', { onStale: cache.drop, onReset: cache.dropAll });
    const source = createSource();

    await cache.get('device-1', async () => {
      await invalidations.publish('device', 'device-2');
      return source.load();
    });
    await cache.get('device-1', source.load);
    expect(source.reads()).toBe(1);
  });

  it('a value the keepability check refuses is answered and read again next time', async () => {
    const cache = createInvalidatedCache<{ value: string }>(createInProcessInvalidations(), limits, {
      isKeepable: (_key, loaded) => loaded.value !== 'first',
    });
    const source = createSource();
    expect(await cache.get('device-1', source.load)).toEqual({ value: 'first' });
    source.change('second');
    expect(await cache.get('device-1', source.load)).toEqual({ value: 'second' });
    expect(await cache.get('device-1', source.load)).toEqual({ value: 'second' });
    expect(source.reads()).toBe(2);
  });
});
