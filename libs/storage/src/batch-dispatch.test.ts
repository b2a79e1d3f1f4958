import { chooseBatchDispatch, remainingSpacingMs } from './batch-dispatch';

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
