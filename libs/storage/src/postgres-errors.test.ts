import { AppError } from '@homeport/errors';
import { isPostgresDataError, translatePostgresError } from './postgres-errors';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('translatePostgresError', () => {
  it.each([
    ['the server is shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['the server is starting', withCode('the database system is starting up', '57P03')],
    ['there are too many connections', withCode('sorry, too many clients already', '53300')],
    ['a serializable transaction must be retried', withCode('could not serialize access', '40001')],
    ['the connection is refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['the connection drops', new Error('Connection terminated unexpectedly')],
    [
      'every address of localhost refuses',
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed'),
    ],
  ])('when %s, the error is unavailable', (_situation, error) => {
    expect(translatePostgresError(error)).toMatchObject({
      kind: 'unavailable',
      code: 'DATABASE_UNAVAILABLE',
    });
  });

  it('when a foreign key points nowhere, the error is a conflict', () => {
    const error = Object.assign(withCode('insert violates foreign key', '23503'), {
      constraint: 'fk',
      table: 't',
    });
    expect(translatePostgresError(error)).toMatchObject({
      kind: 'conflict',
      code: 'FOREIGN_KEY_VIOLATION',
      details: { constraint: 'fk', table: 't' },
    });
  });

  it('when the statement itself is wrong, the original error comes back untouched', () => {
    const syntaxError = withCode('syntax error at or near "SELEC"', '42601');
    expect(translatePostgresError(syntaxError)).toBe(syntaxError);
  });

  it('when the error is already an AppError, it is kept', () => {
    const appError = new AppError('not_found', 'DEVICE_NOT_FOUND', 'no such device');
    expect(translatePostgresError(appError)).toBe(appError);
  });
});

describe('isPostgresDataError', () => {
  it('is true for data exceptions and program limits, false for server trouble and other errors', () => {
    const nul = withCode('unsupported Unicode escape sequence', '22P05');
    const outOfRange = withCode('value "9223372036854775808" is out of range for type bigint', '22003');
    const tooDeep = withCode('stack depth limit exceeded', '54001');
    expect([nul, outOfRange, tooDeep].map(isPostgresDataError)).toEqual([true, true, true]);
    const shutdown = withCode('terminating connection', '57P01');
    const unique = withCode('duplicate key', '23505');
    const refused = withCode('connect ECONNREFUSED', 'ECONNREFUSED');
    expect([shutdown, unique, refused, new Error('bug')].map(isPostgresDataError)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
