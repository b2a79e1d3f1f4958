import { backoffDelayMs, decideNextStep, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 5 };
const transient = { kind: 'transient', reason: '421 try later' } as const;

describe('retry policy', () => {
  it('doubles the delay after each attempt, between half and all of it, up to the cap', () => {
    expect([1, 2, 3].map((attempt) => backoffDelayMs(policy, attempt, () => 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((attempt) => backoffDelayMs(policy, attempt, () => 1))).toEqual([1000, 2000, 4000]);
    expect(backoffDelayMs(policy, 40, () => 1)).toBe(60_000);
  });

  it('a transient failure is retried, no sooner than the provider asked', () => {
    expect(decideNextStep(policy, 1, transient, () => 0)).toEqual({ status: 'pending', delayMs: 500 });
    expect(decideNextStep(policy, 1, { ...transient, retryAfterMs: 30_000 }, () => 0)).toEqual({
      status: 'pending',
      delayMs: 30_000,
    });
  });

  it('a permanent failure, or a transient one at the last attempt, ends the row as failed', () => {
    const permanent = { kind: 'permanent', reason: '550 no such user', addressGone: true } as const;
    expect(decideNextStep(policy, 1, permanent)).toEqual({ status: 'failed' });
    expect(decideNextStep(policy, 5, transient)).toEqual({ status: 'failed' });
    expect(decideNextStep(policy, 2, { kind: 'delivered' })).toEqual({ status: 'delivered' });
  });
});
