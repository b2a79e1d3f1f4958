import { AppError } from '@homeport/errors';
import { settleBatch, type BatchEntry } from './batch-isolation';

/** Entries of the given items, with what each was settled with. */
function entriesOf(items: readonly string[]) {
  const settled = new Map<string, string>();
  const entries: BatchEntry<string, string>[] = items.map((item) => ({
    item,
    resolve: (result) => settled.set(item, `resolved ${result}`),
    reject: (error) => settled.set(item, `rejected ${(error as Error).message}`),
  }));
  return { entries, settled };
}

describe('settling a batch item by item', () => {
  it('when one item fails the batch, only it is refused, and the halves run one after another in order', async () => {
    const { entries, settled } = entriesOf(['a', 'b', 'bad', 'c', 'd']);
    const runs: string[] = [];
    await settleBatch(entries, {
      async run(items) {
        runs.push(items.join(''));
        // A turn between start and end, so that halves run side by side would interleave.
        await new Promise((resolve) => setImmediate(resolve));
        if (items.includes('bad')) throw new Error('bad item');
        return items.map((item) => item.toUpperCase());
      },
    });

    expect(runs).toEqual(['abbadcd', 'abbad', 'ab', 'bad', 'cd']);
    expect(Object.fromEntries(settled)).toEqual({
      a: 'resolved A',
      b: 'resolved B',
      bad: 'rejected bad item',
      c: 'resolved C',
      d: 'resolved D',
    });
  });

  it('when the store is away, every item of the batch fails at once with that error', async () => {
    const { entries, settled } = entriesOf(['a', 'b', 'c']);
    let runs = 0;
    await settleBatch(entries, {
      run() {
        runs += 1;
        return Promise.reject(new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'away'));
      },
    });

    expect(runs).toBe(1);
    expect([...settled.values()]).toEqual(['rejected away', 'rejected away', 'rejected away']);
  });
});
