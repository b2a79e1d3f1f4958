import { createCircuitBreaker } from './circuit-breaker';

describe('circuit breaker', () => {
  let clock = 0;
  const opened: string[] = [];
  const create = () =>
    createCircuitBreaker({
      failureThreshold: 3,
      cooldownMs: 1000,
      now: () => clock,
      onOpen: (provider) => opened.push(provider),
    });

  beforeEach(() => {
    clock = 0;
    opened.length = 0;
  });

  it('opens after failures in a row on one provider, and leaves the other providers closed', () => {
    const breaker = create();
    for (let i = 0; i < 3; i += 1) breaker.record('smtp', true);
    expect(breaker.allows('smtp')).toBe(false);
    expect(breaker.remainingOpenMs('smtp')).toBe(1000);
    expect(breaker.allows('fcm')).toBe(true);
    expect(opened).toEqual(['smtp']);
  });

  it('an answer between failures resets the count', () => {
    const breaker = create();
    breaker.record('smtp', true);
    breaker.record('smtp', true);
    breaker.record('smtp', false);
    breaker.record('smtp', true);
    expect(breaker.allows('smtp')).toBe(true);
  });

  it('after the cooldown one trial goes through: an answer closes the circuit, a failure opens it again', () => {
    const breaker = create();
    for (let i = 0; i < 3; i += 1) breaker.record('smtp', true);
    clock = 1000;
    expect(breaker.allows('smtp')).toBe(true);
    expect(breaker.allows('smtp')).toBe(false);
    breaker.record('smtp', true);
    expect(breaker.remainingOpenMs('smtp')).toBe(1000);
    clock = 2000;
    expect(breaker.allows('smtp')).toBe(true);
    breaker.record('smtp', false);
    expect([breaker.allows('smtp'), breaker.allows('smtp')]).toEqual([true, true]);
    expect(opened).toEqual(['smtp']);
  });
});
