import { chooseBatchDispatch, chooseSpacingMs, remainingSpacingMs } from './batch-dispatch';

describe('choosing when a batch goes', () => {
  it('a full batch goes now, even while every slot is busy', () => {
    expect(chooseBatchDispatch({ pendingSize: 100, maxSize: 100, inFlight: 2, maxInFlight: 2 })).toBe('now');
    expect(chooseBatchDispatch({ pendingSize: 101, maxSize: 100, inFlight: 0, maxInFlight: 2 })).toBe('now');
  });

  it('at low load (a slot free) a lone item goes at the end of its turn, without a wait', () => {
    expect(chooseBatchDispatch({ pendingSize: 1, maxSize: 100, inFlight: 0, maxInFlight: 2 })).toBe(
      'end-of-turn',
    );
    expect(chooseBatchDispatch({ pendingSize: 1, maxSize: 100, inFlight: 1, maxInFlight: 2 })).toBe(
      'end-of-turn',
    );
  });

  it('under load (every slot busy) items wait for a batch to end, so the next batch grows', () => {
    expect(chooseBatchDispatch({ pendingSize: 1, maxSize: 100, inFlight: 2, maxInFlight: 2 })).toBe(
      'when-a-slot-frees',
    );
    expect(chooseBatchDispatch({ pendingSize: 99, maxSize: 100, inFlight: 1, maxInFlight: 1 })).toBe(
      'when-a-slot-frees',
    );
  });

  it('without a bound on batches in flight, a batch never waits for a slot', () => {
    expect(
      chooseBatchDispatch({ pendingSize: 1, maxSize: 500, inFlight: 1_000, maxInFlight: Infinity }),
    ).toBe('end-of-turn');
  });

  it('with a spacing, a batch with a free slot waits until the spacing since the last start has passed', () => {
    const load = { pendingSize: 1, maxSize: 100, inFlight: 0, maxInFlight: 1, minSpacingMs: 10 };
    expect(chooseBatchDispatch({ ...load, msSinceLastStart: 4 })).toBe('after-spacing');
    expect(remainingSpacingMs({ ...load, msSinceLastStart: 4 })).toBe(6);
    expect(chooseBatchDispatch({ ...load, msSinceLastStart: 10 })).toBe('end-of-turn');
    expect(chooseBatchDispatch({ ...load, msSinceLastStart: Infinity })).toBe('end-of-turn');
  });

  it('with a spacing, a full batch still goes now and a busy slot still comes first', () => {
    const load = { maxSize: 100, maxInFlight: 1, minSpacingMs: 10, msSinceLastStart: 1 };
    expect(chooseBatchDispatch({ ...load, pendingSize: 100, inFlight: 1 })).toBe('now');
    expect(chooseBatchDispatch({ ...load, pendingSize: 1, inFlight: 1 })).toBe('when-a-slot-frees');
  });
});

describe('the spacing at a given load', () => {
  const growth = { fromItemsPerSecond: 1_000, maxSpacingMs: 50 };

  it('without a growth, the spacing is the least one at any rate', () => {
    expect(chooseSpacingMs({ minSpacingMs: 10, itemsPerSecond: 100_000 })).toBe(10);
  });

  it('up to the rate it grows from, the spacing is the least one', () => {
    expect(chooseSpacingMs({ minSpacingMs: 10, growth, itemsPerSecond: 0 })).toBe(10);
    expect(chooseSpacingMs({ minSpacingMs: 10, growth, itemsPerSecond: 1_000 })).toBe(10);
  });

  it('above it, the spacing grows in proportion with the rate, up to its bound', () => {
    expect(chooseSpacingMs({ minSpacingMs: 10, growth, itemsPerSecond: 2_500 })).toBe(25);
    expect(chooseSpacingMs({ minSpacingMs: 10, growth, itemsPerSecond: 5_000 })).toBe(50);
    expect(chooseSpacingMs({ minSpacingMs: 10, growth, itemsPerSecond: 40_000 })).toBe(50);
  });

  it('a bound below the least spacing leaves the least one', () => {
    const noRoom = { fromItemsPerSecond: 1_000, maxSpacingMs: 5 };
    expect(chooseSpacingMs({ minSpacingMs: 10, growth: noRoom, itemsPerSecond: 40_000 })).toBe(10);
  });
});
