import { AppError } from '@homeport/errors';
import type { TimeSeriesPoint } from '../domain/ports';
import { createWrittenTimes } from '../domain/recent-rollups';
import { createBatchingTimeSeriesWriter, type TimeSeriesSink } from './batching-time-series-writer';

function point(name: string, timeMs = 1): TimeSeriesPoint {
  return { measurement: 'm', tags: { device_id: name }, fields: { n: 1 }, timeMs };
}

/** A sink that records each batch's device ids and fails as `failWith` says. */
function recordingSink(failWith: (names: string[]) => Error | undefined = () => undefined) {
  const batches: string[][] = [];
  const sink: TimeSeriesSink = (points) => {
    const names = points.map((each) => each.tags.device_id ?? '');
    batches.push(names);
    const error = failWith(names);
    return error === undefined ? Promise.resolve() : Promise.reject(error);
  };
  return { sink, batches };
}

describe('the batching time-series writer', () => {
  it('coalesces the writes of one turn into one batch', async () => {
    const { sink, batches } = recordingSink();
    const writer = createBatchingTimeSeriesWriter({
      sink,
      maxBatchPoints: 100,
      maxDelayMs: 5,
      maxWritesInFlight: 1,
    });
    await Promise.all(['a', 'b', 'c'].map((name) => writer.write([point(name)])));
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('writes a batch as soon as it is full', async () => {
    const { sink, batches } = recordingSink();
    const writer = createBatchingTimeSeriesWriter({
      sink,
      maxBatchPoints: 2,
      maxDelayMs: 60_000,
      maxWritesInFlight: 1,
    });
    await Promise.all([writer.write([point('a')]), writer.write([point('b')])]);
    const last = writer.write([point('c')]);
    await writer.close();
    await last;
    expect(batches).toEqual([['a', 'b'], ['c']]);
  });

  it.each([
    ['the server refuses its data', new AppError('invalid', 'INFLUX_REQUEST_INVALID', 'field type conflict')],
    ['the sink has a bug for one point', new TypeError("Cannot read properties of undefined (reading 'n')")],
  ])('when a batch fails because %s, it is split so only the bad write fails', async (_cause, failure) => {
    const { sink, batches } = recordingSink((names) => (names.includes('bad') ? failure : undefined));
    const writer = createBatchingTimeSeriesWriter({
      sink,
      maxBatchPoints: 100,
      maxDelayMs: 1,
      maxWritesInFlight: 1,
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((name) => writer.write([point(name)])));
    expect(results).toEqual([
      { status: 'fulfilled', value: undefined },
      { status: 'rejected', reason: failure },
      { status: 'fulfilled', value: undefined },
    ]);
    // Halves one after another: the points still go in the order they were written.
    expect(batches).toEqual([['a', 'bad', 'c'], ['a', 'bad'], ['a'], ['bad'], ['c']]);
  });

  it('when the server is away, every write of the batch fails with the transient error', async () => {
    const away = new AppError('unavailable', 'INFLUX_UNAVAILABLE', 'influxdb unreachable');
    const { sink, batches } = recordingSink(() => away);
    const writer = createBatchingTimeSeriesWriter({
      sink,
      maxBatchPoints: 100,
      maxDelayMs: 1,
      maxWritesInFlight: 1,
    });
    const results = await Promise.allSettled(['a', 'b'].map((name) => writer.write([point(name)])));
    expect(results).toEqual([
      { status: 'rejected', reason: away },
      { status: 'rejected', reason: away },
    ]);
    expect(batches).toHaveLength(1);
  });

  it('a lone write waits for nothing; writes made while the write slots are busy go together when one ends', async () => {
    const batches: string[][] = [];
    const releases: (() => void)[] = [];
    const sink: TimeSeriesSink = (points) => {
      batches.push(points.map((each) => each.tags.device_id ?? ''));
      return new Promise((resolve) => releases.push(resolve));
    };
    const writer = createBatchingTimeSeriesWriter({
      sink,
      maxBatchPoints: 100,
      maxDelayMs: 60_000,
      maxWritesInFlight: 1,
    });
    const first = writer.write([point('a')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a']]); // not after the 60 s delay
    const later = [writer.write([point('b')]), writer.write([point('c')])];
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a']]);
    releases[0]?.();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a'], ['b', 'c']]);
    releases[1]?.();
    await Promise.all(later);
  });

  describe('noting the times written, for the rollups', () => {
    const hour = 60 * 60_000;
    const recent = Date.now() - hour / 6;

    it('the earliest time of a batch is noted only once the store answered, so a round taken before reads it from the store', async () => {
      const written = createWrittenTimes(hour);
      let store: () => void = () => {};
      const writer = createBatchingTimeSeriesWriter({
        sink: () => new Promise<void>((resolve) => (store = resolve)),
        written,
        maxBatchPoints: 100,
        maxDelayMs: 1,
        maxWritesInFlight: 1,
      });

      const writing = Promise.all([
        writer.write([point('a', recent + 5_000), point('a', recent + 2_000)]),
        writer.write([point('b', recent + 3_000)]),
      ]);
      await new Promise((resolve) => setImmediate(resolve));
      const takenBefore = await written.take();
      store();
      await writing;

      expect([takenBefore, await written.take()]).toEqual([undefined, recent + 2_000]);
    });

    it('a failed batch is noted too: the store may have kept its points', async () => {
      const written = createWrittenTimes(hour);
      const away = new AppError('unavailable', 'INFLUX_UNAVAILABLE', 'timed out');
      const writer = createBatchingTimeSeriesWriter({
        sink: () => Promise.reject(away),
        written,
        maxBatchPoints: 100,
        maxDelayMs: 1,
        maxWritesInFlight: 1,
      });

      await expect(writer.write([point('a', recent + 7_000)])).rejects.toBe(away);

      expect(await written.take()).toBe(recent + 7_000);
    });
  });
});
