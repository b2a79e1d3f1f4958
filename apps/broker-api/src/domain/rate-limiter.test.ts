import { createRateLimiter } from './rate-limiter';

describe('per-device publish rate limit', () => {
  it('when a device sends a burst, it may send `burst` messages and then must wait for refills', () => {
    let nowMs = 1_000;
    const limiter = createRateLimiter({ ratePerSecond: 2, burst: 3, maxKeys: 10, now: () => nowMs });
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    nowMs += 500; // one token back at 2/s
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('when one device is over its limit, another device is not affected', () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1, maxKeys: 10, now: () => 0 });
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    expect(limiter.take('b')).toBe(true);
  });

  it('when a device was idle for long, its bucket holds no more than the burst', () => {
    let nowMs = 0;
    const limiter = createRateLimiter({ ratePerSecond: 10, burst: 2, maxKeys: 10, now: () => nowMs });
    limiter.take('a');
    nowMs += 60_000;
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([true, true, false]);
  });

  it('when more keys are used than it keeps, the least recently used bucket is dropped first', () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1, maxKeys: 2, now: () => 0 });
    expect([limiter.take('a'), limiter.take('b'), limiter.take('a')]).toEqual([true, true, false]);
    limiter.take('c'); // drops b, used longest ago; a keeps its empty bucket
    expect([limiter.take('a'), limiter.take('b')]).toEqual([false, true]);
  });

  it('looking at a bucket takes nothing from it', () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1, maxKeys: 10, now: () => 0 });
    expect([limiter.hasToken('a'), limiter.hasToken('a'), limiter.take('a')]).toEqual([true, true, true]);
    expect(limiter.hasToken('a')).toBe(false);
  });
});
