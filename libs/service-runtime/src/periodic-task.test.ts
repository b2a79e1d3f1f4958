import { createPeriodicTask } from './periodic-task';

/** A round that waits until the test lets it end, and says whether another should follow. */
function createControlledRounds() {
  const pending: ((more: boolean) => void)[] = [];
  let started = 0;
  return {
    round: () =>
      new Promise<boolean>((resolve) => {
        started += 1;
        pending.push(resolve);
      }),
    started: () => started,
    /** Ends the oldest running round and lets the task react. */
    async finish(more = false) {
      pending.shift()?.(more);
      for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
    },
  };
}

describe('a periodic task', () => {
  it('when triggered during a round, runs one more round right after it, however many triggers came', async () => {
    const rounds = createControlledRounds();
    const task = createPeriodicTask({ intervalMs: 60_000, round: rounds.round, onFailure: () => undefined });
    const first = task.start();
    task.trigger();
    task.trigger();
    task.trigger();
    expect(rounds.started()).toBe(1);
    await rounds.finish();
    await first;
    expect(rounds.started()).toBe(2);
    await rounds.finish();
    expect(rounds.started()).toBe(2);
    await task.stop();
  });

  it('when a round says more is waiting, the next one starts at once', async () => {
    const rounds = createControlledRounds();
    const task = createPeriodicTask({ intervalMs: 60_000, round: rounds.round, onFailure: () => undefined });
    void task.start();
    await rounds.finish(true);
    expect(rounds.started()).toBe(2);
    await rounds.finish(false);
    expect(rounds.started()).toBe(2);
    await task.stop();
  });

  it('when a round fails, the failure is reported and the task keeps going; once stopped, triggers do nothing', async () => {
    const failures: unknown[] = [];
    const task = createPeriodicTask({
      intervalMs: 60_000,
      round: () => Promise.reject(new Error('database away')),
      onFailure: (error) => failures.push(error),
    });
    await task.start();
    await task.stop();
    task.trigger();
    await task.stop();
    expect(failures).toEqual([new Error('database away')]);
  });

  it('with its first round delayed, starts nothing at once and runs the first round an interval later', async () => {
    jest.useFakeTimers();
    try {
      const rounds = createControlledRounds();
      const task = createPeriodicTask({
        intervalMs: 60_000,
        round: rounds.round,
        onFailure: () => undefined,
        delayFirstRound: true,
      });
      await task.start();
      expect(rounds.started()).toBe(0);
      jest.advanceTimersByTime(59_999);
      expect(rounds.started()).toBe(0);
      jest.advanceTimersByTime(1);
      expect(rounds.started()).toBe(1);
      await rounds.finish();
      await task.stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
