import { classifyApnsAnswer } from './apns-sender';
import { classifyFcmAnswer } from './fcm-sender';
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

const answer = (status: number, headers: Record<string, string> = {}, body = '') =>
  ({ answered: true, status, headers, body }) as const;

describe('classifying a push service answer', () => {
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

describe('classifying an FCM answer', () => {
  const fcmError = (status: number, errorCode: string, extra: unknown[] = []) =>
    answer(
      status,
      {},
      JSON.stringify({
        error: {
          code: status,
          details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }, ...extra],
        },
      }),
    );

  it('keeps the token when INVALID_ARGUMENT is about another field of the message', () => {
    const violation = {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ field: 'message.data' }],
    };
    expect(classifyFcmAnswer(fcmError(400, 'INVALID_ARGUMENT', [violation]), nowMs)).toEqual({
      kind: 'permanent',
      reason: 'fcm: INVALID_ARGUMENT',
      addressGone: false,
    });
  });

  it('treats a token registered to another sender (SENDER_ID_MISMATCH) as gone', () => {
    expect(classifyFcmAnswer(fcmError(403, 'SENDER_ID_MISMATCH'), nowMs)).toMatchObject({
      addressGone: true,
    });
  });

  it('keeps a message FCM refuses for the deployment (a wrong project, missing permission) to retry', () => {
    expect(classifyFcmAnswer(answer(404, {}, '{"error":{"code":404,"status":"NOT_FOUND"}}'), nowMs)).toEqual({
      kind: 'transient',
      reason: 'fcm: NOT_FOUND',
    });
  });

  it('treats an error without FCM details by its status', () => {
    expect(classifyFcmAnswer(answer(502, {}, 'Bad Gateway'), nowMs)).toEqual({
      kind: 'transient',
      reason: 'fcm: HTTP 502',
    });
  });
});

describe('classifying an APNs answer', () => {
  it('treats a token of another app (DeviceTokenNotForTopic) as gone', () => {
    expect(classifyApnsAnswer(answer(400, {}, '{"reason":"DeviceTokenNotForTopic"}'), nowMs)).toMatchObject({
      kind: 'permanent',
      addressGone: true,
    });
  });

  it('treats 200 as delivered even without an apns-id', () => {
    expect(classifyApnsAnswer(answer(200), nowMs)).toEqual({ kind: 'delivered' });
  });
});
