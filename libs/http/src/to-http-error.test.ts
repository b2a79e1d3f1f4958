import { AppError } from '@homeport/errors';
import { toHttpError } from './to-http-error';

describe('toHttpError', () => {
  it('when an AppError has no details, the body has no details key', () => {
    const error = new AppError('not_found', 'DEVICE_NOT_FOUND', 'device d-1 not found');
    expect(toHttpError(error, 'r-1')).toEqual({
      statusCode: 404,
      body: { code: 'DEVICE_NOT_FOUND', message: 'device d-1 not found', requestId: 'r-1' },
    });
  });

  it('when a validation error reports a missing or a not allowed property, the field path names the property', () => {
    const error = Object.assign(new Error('body must have required property name'), {
      validation: [
        {
          instancePath: '',
          message: "must have required property 'name'",
          params: { missingProperty: 'name' },
        },
        { instancePath: '/size', message: 'must be integer', params: {} },
        {
          instancePath: '/owner',
          message: 'must NOT have additional properties',
          params: { additionalProperty: 'nmae' },
        },
      ],
      validationContext: 'body',
    });
    const { statusCode, body } = toHttpError(error, 'r-2');
    expect(statusCode).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details).toEqual({
      fields: [
        { location: 'body', path: '/name', message: "must have required property 'name'" },
        { location: 'body', path: '/size', message: 'must be integer' },
        { location: 'body', path: '/owner/nmae', message: 'must NOT have additional properties' },
      ],
    });
  });

  it('when an error already carries a client status, the status is kept and the code is generic', () => {
    const error = Object.assign(new Error('Too many requests'), { statusCode: 429 });
    expect(toHttpError(error, 'r-3')).toEqual({
      statusCode: 429,
      body: { code: 'REQUEST_REFUSED', message: 'Too many requests', requestId: 'r-3' },
    });
  });

  it('when something that is not an Error is thrown, the answer is 500 INTERNAL', () => {
    expect(toHttpError('a string', 'r-4')).toEqual({
      statusCode: 500,
      body: { code: 'INTERNAL', message: 'internal error', requestId: 'r-4' },
    });
  });

  it('when an error claims a 5xx status, it is still treated as unknown and its message hidden', () => {
    const error = Object.assign(new Error('pool exhausted at 10.0.0.3'), { statusCode: 502 });
    expect(toHttpError(error, 'r-5').body).toEqual({
      code: 'INTERNAL',
      message: 'internal error',
      requestId: 'r-5',
    });
  });
});
