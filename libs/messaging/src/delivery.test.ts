import { AppError } from '@homeport/errors';
import { decideAfterFailure } from './delivery';

describe('decideAfterFailure', () => {
  const delays = [1000, 5000];

  it('when a dependency is unavailable, the message is retried after the delay of its attempt', () => {
    const error = new AppError('unavailable', 'DB_DOWN', 'database is away');
    expect(decideAfterFailure(error, 1, delays)).toMatchObject({
      action: 'retry',
      delayMs: 1000,
      nextAttempt: 2,
    });
    expect(decideAfterFailure(error, 2, delays)).toEqual({
      action: 'retry',
      delayMs: 5000,
      nextAttempt: 3,
      errorCode: 'DB_DOWN',
      reason: 'failed at attempt 2: database is away',
    });
  });

  it('when an unknown error outlives the last delay, the message is dead-lettered with it', () => {
    expect(decideAfterFailure(new TypeError('x is undefined'), 3, delays)).toEqual({
      action: 'dead-letter',
      reason: 'failed after 3 attempts: x is undefined',
      errorCode: 'HANDLER_FAILED',
      attempts: 3,
    });
  });

  it('when a handler throws something that is not an Error, even an object String() refuses, its reason describes it', () => {
    const thrown: unknown = Object.assign(Object.create(null) as object, { status: 'broken' });
    expect(decideAfterFailure(thrown, 3, delays)).toMatchObject({
      action: 'dead-letter',
      reason: "failed after 3 attempts: [Object: null prototype] { status: 'broken' }",
    });
  });

  it('when the handler says the message can never succeed, it is dead-lettered at once', () => {
    for (const kind of ['invalid', 'not_found', 'conflict', 'forbidden', 'internal'] as const) {
      const verdict = decideAfterFailure(new AppError(kind, 'NOPE', 'never'), 1, delays);
      expect(verdict).toEqual({ action: 'dead-letter', reason: 'never', errorCode: 'NOPE', attempts: 1 });
    }
  });
});
