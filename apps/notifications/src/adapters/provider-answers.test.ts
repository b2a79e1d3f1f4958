import { readRetryAfterMs } from './provider-answers';
import { classifyWebPushAnswer } from './web-push-sender';

const nowMs = Date.parse('2026-12-03T12:00:00Z');

describe('reading Retry-After', () => {
  it('reads delay-seconds as milliseconds', () => {
    expect(readRetryAfterMs('120', nowMs)).toBe(120_000);
  });

  it('reads an HTTP date as the wait until then', () => {
    expect(readRetryAfterMs('Thu, 03 Dec 2026 12:00:30 GMT', nowMs)).toBe(30_000);
  });

  it('reads a date already past as no wait', () => {
    expect(readRetryAfterMs('Thu, 03 Dec 2026 11:00:00 GMT', nowMs)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(readRetryAfterMs(undefined, nowMs)).toBeUndefined();
    expect(readRetryAfterMs('soon', nowMs)).toBeUndefined();
  });
});

describe('classifying a push service answer', () => {
  const answer = (status: number, headers: Record<string, string> = {}) =>
    ({ answered: true, status, headers, body: '' }) as const;

  it('treats 429 as transient with the requested wait', () => {
    expect(classifyWebPushAnswer(answer(429, { 'retry-after': '60' }), nowMs)).toEqual({
      kind: 'transient',
      reason: 'push service answered 429',
      retryAfterMs: 60_000,
    });
  });

  it('treats 5xx as transient', () => {
    expect(classifyWebPushAnswer(answer(503), nowMs)).toMatchObject({ kind: 'transient' });
  });

  it.each([404, 410])('treats %i as a subscription gone', (status) => {
    expect(classifyWebPushAnswer(answer(status), nowMs)).toMatchObject({
      kind: 'permanent',
      addressGone: true,
    });
  });

  it.each([400, 413])('treats %i as a refused message, the subscription kept', (status) => {
    expect(classifyWebPushAnswer(answer(status), nowMs)).toMatchObject({
      kind: 'permanent',
      addressGone: false,
    });
  });
});
