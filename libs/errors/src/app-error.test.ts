import { AppError, isAppError, isTransient } from './app-error';

describe('AppError', () => {
  it('when a dependency is unavailable, the error is transient and keeps its code and cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'database is away', { cause });
    expect(isAppError(error)).toBe(true);
    expect(isTransient(error)).toBe(true);
    expect(error.code).toBe('DATABASE_UNAVAILABLE');
    expect(error.cause).toBe(cause);
  });

  it('when input is invalid, the error is not transient and carries its details', () => {
    const error = new AppError('invalid', 'PAYLOAD_INVALID', 'temperature must be a number', {
      details: { field: '/temperature' },
    });
    expect(isTransient(error)).toBe(false);
    expect(error.details).toEqual({ field: '/temperature' });
  });

  it('when a plain Error is thrown, it is neither an AppError nor transient', () => {
    expect(isAppError(new Error('boom'))).toBe(false);
    expect(isTransient(new Error('boom'))).toBe(false);
  });
});
