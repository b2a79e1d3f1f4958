import { createSessionLock } from './session-lock';

describe('the embedded database session lock', () => {
  it('when statements arrive together, they are all in flight at once', async () => {
    const lock = createSessionLock();
    const releases = await Promise.all([lock.acquire('statement'), lock.acquire('statement')]);
    expect(releases).toHaveLength(2);
  });

  it('when a transaction waits behind statements, it starts once they end and later statements wait for it', async () => {
    const lock = createSessionLock();
    const order: string[] = [];
    const releaseStatement = await lock.acquire('statement');
    const transaction = lock.acquire('transaction').then((release) => {
      order.push('transaction');
      return release;
    });
    const later = lock.acquire('statement').then((release) => {
      order.push('later statement');
      return release;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    releaseStatement();
    const releaseTransaction = await transaction;
    await Promise.resolve();
    expect(order).toEqual(['transaction']);
    releaseTransaction();
    (await later)();
    expect(order).toEqual(['transaction', 'later statement']);
  });

  it('when a release is called twice, the second call gives nothing back', async () => {
    const lock = createSessionLock();
    const releaseFirst = await lock.acquire('transaction');
    const second = lock.acquire('transaction');
    releaseFirst();
    const releaseSecond = await second;
    releaseFirst();
    let thirdStarted = false;
    const third = lock.acquire('transaction').then((release) => {
      thirdStarted = true;
      return release;
    });
    await Promise.resolve();
    expect(thirdStarted).toBe(false);
    releaseSecond();
    (await third)();
  });
});
