import { AppError } from '@homeport/errors';
import { createBatcher, createCallBatcher } from './call-batcher';

describe('the call batcher', () => {
  it('runs the calls of one event-loop turn as one batch, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const double = createCallBatcher<number, number>({
      maxItems: 100,
      run: (items) => {
        batches.push([...items]);
        return Promise.resolve(items.map((item) => item * 2));
      },
    });

    const results = await Promise.all([1, 2, 3].map(double));
    const later = await double(4);

    expect(results).toEqual([2, 4, 6]);
    expect(later).toBe(8);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('sends a full batch at once', async () => {
    const batches: number[][] = [];
    const echo = createCallBatcher<number, number>({
      maxItems: 2,
      run: (items) => {
        batches.push([...items]);
        return Promise.resolve([...items]);
      },
    });

    await Promise.all([1, 2, 3].map(echo));

    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('when a batch fails because of one item (any error but unavailable), only that item fails and the others are applied', async () => {
    const runs: number[][] = [];
    const check = createCallBatcher<number, string>({
      maxItems: 100,
      run: (items) => {
        runs.push([...items]);
        if (items.includes(13)) throw new RangeError('item 13 is bad'); // thrown, not rejected
        return Promise.resolve(items.map(String));
      },
    });

    const outcomes = await Promise.allSettled(Array.from({ length: 16 }, (_, index) => check(index)));

    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([
      { status: 'rejected', reason: new RangeError('item 13 is bad') },
    ]);
    expect(outcomes[12]).toEqual({ status: 'fulfilled', value: '12' });
    expect(outcomes[14]).toEqual({ status: 'fulfilled', value: '14' });
    // Halved down to the bad item: 1 + 2 per level (16, 8, 4, 2, 1), not one run per item.
    expect(runs).toHaveLength(9);
  });

  it('when a batch fails as unavailable (the database is away), every caller gets the error at once', async () => {
    const away = new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'connection refused');
    let runs = 0;
    const fail = createCallBatcher<number, number>({
      maxItems: 100,
      run: () => {
        runs += 1;
        return Promise.reject(away);
      },
    });

    const outcomes = await Promise.allSettled([1, 2, 3].map(fail));

    expect(outcomes).toEqual([1, 2, 3].map(() => ({ status: 'rejected', reason: away })));
    expect(runs).toBe(1);
  });

  it('while every slot is busy, the waiting calls go together after maxWaitMs at most', async () => {
    const batches: number[][] = [];
    const echo = createCallBatcher<number, number>({
      maxItems: 100,
      maxInFlight: 1,
      maxWaitMs: 20,
      run: (items) => {
        batches.push([...items]);
        // The first batch never ends, so only the wait's bound sends the second.
        return items[0] === 1 ? new Promise<number[]>(() => undefined) : Promise.resolve([...items]);
      },
    });

    void echo(1);
    await waitForTurn();
    const waiting = [echo(2), echo(3)];

    await expect(Promise.all(waiting)).resolves.toEqual([2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('with maxInFlight, a lone call waits for nothing, and calls made while every slot is busy go together when one ends', async () => {
    const batches: number[][] = [];
    const releases: (() => void)[] = [];
    const echo = createCallBatcher<number, number>({
      maxItems: 100,
      maxWaitMs: 10_000, // the bound while busy: never reached here
      maxInFlight: 1,
      run: (items) => {
        batches.push([...items]);
        return new Promise((resolve) =>
          releases.push(() => {
            resolve([...items]);
          }),
        );
      },
    });

    const first = echo(1);
    await waitForTurn();
    expect(batches).toEqual([[1]]); // at the end of its turn, not after the linger
    const later = [echo(2), echo(3)];
    await waitForTurn();
    const last = echo(4);
    await waitForTurn();
    expect(batches).toEqual([[1]]); // the slot is busy: 2, 3 and 4 wait
    releases[0]?.();
    await expect(first).resolves.toBe(1);
    await waitForTurn();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    releases[1]?.();
    await expect(Promise.all([...later, last])).resolves.toEqual([2, 3, 4]);
  });

  it('with a spacing, a call after a quiet spell goes at the end of its turn and the next ones wait for the spacing, together', async () => {
    const batches: { items: number[] }[] = [];
    const echo = createCallBatcher<number, number>({
      maxItems: 100,
      maxInFlight: 1,
      minSpacingMs: 40,
      run: (items) => {
        batches.push({ items: [...items] });
        return Promise.resolve([...items]);
      },
    });

    await echo(1);
    expect(batches.map((batch) => batch.items)).toEqual([[1]]);
    const later = [echo(2)];
    await waitForTurn();
    later.push(echo(3));
    await waitForTurn();
    expect(batches).toHaveLength(1); // the first started less than 40 ms ago
    await expect(Promise.all(later)).resolves.toEqual([2, 3]);
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2, 3]]);
  });

  it('with a spacing, a full batch does not wait for it', async () => {
    const batches: number[][] = [];
    const echo = createCallBatcher<number, number>({
      maxItems: 2,
      minSpacingMs: 60_000,
      run: (items) => {
        batches.push([...items]);
        return Promise.resolve([...items]);
      },
    });

    await echo(1);
    await expect(Promise.all([echo(2), echo(3)])).resolves.toEqual([2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  describe('with a spacing that grows with the load (on a fake clock)', () => {
    beforeEach(() => {
      jest.useFakeTimers();
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    /** Adds `perMs` items each millisecond for `durationMs`; the start times of the batches run. */
    async function runAtRate(perMs: number, durationMs: number): Promise<number[]> {
      const startsMs: number[] = [];
      const batcher = createBatcher<number, number>({
        maxItems: 10_000,
        maxInFlight: 1,
        minSpacingMs: 10,
        spacingGrowth: { fromItemsPerSecond: 1_000, maxSpacingMs: 40 },
        run: (items) => {
          startsMs.push(performance.now());
          return Promise.resolve([...items]);
        },
      });
      for (let ms = 0; ms < durationMs; ms += 1) {
        for (let item = 0; item < perMs; item += 1) void batcher.add(item);
        await jest.advanceTimersByTimeAsync(1);
      }
      await batcher.close();
      return startsMs;
    }

    const gapsAfter = (startsMs: number[], fromMs: number): number[] =>
      startsMs.flatMap((startMs, index) => {
        const previous = startsMs[index - 1];
        return previous === undefined || previous < fromMs ? [] : [Math.round(startMs - previous)];
      });

    it('at a rate up to the one it grows from, batches start the least spacing apart', async () => {
      const gaps = gapsAfter(await runAtRate(1, 1_000), 300);
      expect(new Set(gaps)).toEqual(new Set([10]));
    });

    it('at four times that rate, once measured, batches start four times further apart (within the bound)', async () => {
      const startsMs = await runAtRate(4, 1_000);
      expect(gapsAfter(startsMs, 0)[0]).toBe(10); // before a whole window was measured
      // From the second window on (the first began with a batch of less than a spacing); the last gap: close.
      expect(new Set(gapsAfter(startsMs, 600).slice(0, -1))).toEqual(new Set([40]));
    });
  });

  it('close sends what is pending and waits for every batch', async () => {
    const batches: number[][] = [];
    const batcher = createBatcher<number, number>({
      maxItems: 100,
      minSpacingMs: 60_000,
      run: (items) => {
        batches.push([...items]);
        return Promise.resolve([...items]);
      },
    });

    await batcher.add(1);
    const waiting = batcher.add(2); // would wait a minute for the spacing
    await batcher.close();
    await expect(waiting).resolves.toBe(2);
    expect(batches).toEqual([[1], [2]]);
  });
});

function waitForTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
