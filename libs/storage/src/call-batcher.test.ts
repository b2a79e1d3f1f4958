import { createCallBatcher } from './call-batcher';

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

  it('when a batch fails because of one item, runs each alone so that only that item fails', async () => {
    const itemError = new Error('item 2 is bad');
    const check = createCallBatcher<number, string>({
      maxItems: 100,
      isItemError: (error) => error === itemError,
      run: (items) => (items.includes(2) ? Promise.reject(itemError) : Promise.resolve(items.map(String))),
    });

    const outcomes = await Promise.allSettled([1, 2, 3].map(check));

    expect(outcomes).toEqual([
      { status: 'fulfilled', value: '1' },
      { status: 'rejected', reason: itemError },
      { status: 'fulfilled', value: '3' },
    ]);
  });

  it('when a batch fails for another reason (the database is away), every caller gets the error', async () => {
    const away = new Error('unavailable');
    const fail = createCallBatcher<number, number>({
      maxItems: 100,
      run: () => Promise.reject(away),
    });

    const outcomes = await Promise.allSettled([1, 2].map(fail));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });

  it('with a linger, calls of later turns within it join the batch', async () => {
    const batches: number[][] = [];
    const echo = createCallBatcher<number, number>({
      maxItems: 100,
      lingerMs: 50,
      run: (items) => {
        batches.push([...items]);
        return Promise.resolve([...items]);
      },
    });

    const first = echo(1);
    await waitForTurn();
    const second = echo(2);

    await expect(Promise.all([first, second])).resolves.toEqual([1, 2]);
    expect(batches).toEqual([[1, 2]]);
  });
});

function waitForTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
