import { AppError } from '@homeport/errors';
import type { ErrorKind } from '@homeport/errors';
import { Type } from 'typebox';
import type { HttpApp } from '../src/http-app-type';
import { buildTestApp, readSample } from './build-test-app';
import type { TestApp } from './build-test-app';

const kindCases: [ErrorKind, number][] = [
  ['invalid', 400],
  ['unauthenticated', 401],
  ['forbidden', 403],
  ['not_found', 404],
  ['conflict', 409],
  ['precondition_failed', 412],
  ['precondition_required', 428],
  ['rate_limited', 429],
];

function registerThrowingRoutes(app: HttpApp): void {
  app.get('/throws/:kind', { schema: { params: Type.Object({ kind: Type.String() }) } }, (request) => {
    throw new AppError(
      request.params.kind as ErrorKind,
      'THING_FAILED',
      `thing failed as ${request.params.kind}`,
      {
        details: { thingId: 't-1' },
      },
    );
  });
  app.get('/bug', () => {
    throw new TypeError('cannot read properties of undefined (secret internals)');
  });
  app.get('/database-away', () => {
    throw new AppError(
      'unavailable',
      'DATABASE_UNAVAILABLE',
      'database unavailable: connect ECONNREFUSED 10.0.0.7:5432',
      { details: { host: '10.0.0.7' } },
    );
  });
  app.get('/internal-app-error', () => {
    throw new AppError('internal', 'INVARIANT_BROKEN', 'ledger row 17 disagrees with cache');
  });
  app.post(
    '/devices',
    {
      schema: {
        body: Type.Object(
          {
            name: Type.String({ minLength: 1 }),
            kind: Type.Union([Type.Literal('sensor'), Type.Literal('actuator')]),
            intervalSeconds: Type.Integer({ minimum: 1 }),
            location: Type.Optional(Type.Object({ room: Type.String() }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
      },
    },
    (request) => ({ name: request.body.name }),
  );
  app.get(
    '/things',
    {
      schema: {
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          near: Type.Optional(Type.Number()),
        }),
      },
    },
    (request) => ({ limit: request.query.limit ?? 100 }),
  );
}

describe('the one HTTP error mapping', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await buildTestApp();
    registerThrowingRoutes(testApp.app);
  });

  afterAll(async () => {
    await testApp.app.close();
  });

  it.each(kindCases)(
    'when a route throws an AppError of kind %s, the answer is %d with its code',
    async (kind, status) => {
      const response = await testApp.app.inject({
        method: 'GET',
        url: `/throws/${kind}`,
        headers: { 'x-request-id': `req-${kind}` },
      });
      expect(response.statusCode).toBe(status);
      expect(response.json()).toEqual({
        code: 'THING_FAILED',
        message: `thing failed as ${kind}`,
        requestId: `req-${kind}`,
        details: { thingId: 't-1' },
      });
    },
  );

  it('when a route throws an unknown error, the answer is 500 INTERNAL without its message, logged with stack and counted', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/bug',
      headers: { 'x-request-id': 'req-bug' },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ code: 'INTERNAL', message: 'internal error', requestId: 'req-bug' });
    expect(response.body).not.toContain('secret internals');
    const logged = testApp.logLines.find(
      (line) => line['requestId'] === 'req-bug' && line['level'] === 'error',
    );
    expect(logged?.['err']).toMatchObject({
      type: 'TypeError',
      stack: expect.stringContaining('TypeError') as unknown,
    });
    const metrics = await testApp.metrics.metrics();
    expect(
      readSample(metrics, 'http_internal_errors_total', {
        service: 'http-test',
        route: '/bug',
        method: 'GET',
      }),
    ).toBe(1);
  });

  it('when a dependency is unavailable, the answer is 503 with its code and a generic message, the cause only in the log', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/database-away',
      headers: { 'x-request-id': 'req-away' },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      code: 'DATABASE_UNAVAILABLE',
      message: 'a dependency is unavailable; retry later',
      requestId: 'req-away',
    });
    const logged = testApp.logLines.find(
      (line) => line['requestId'] === 'req-away' && line['level'] === 'warn',
    );
    expect(logged?.['err']).toMatchObject({
      message: expect.stringContaining('ECONNREFUSED 10.0.0.7') as unknown,
    });
  });

  it('when a route throws an internal AppError, its code is kept but its message is not passed on', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/internal-app-error' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'INVARIANT_BROKEN', message: 'internal error' });
  });

  it('when a body fails its schema, the answer is 400 VALIDATION_FAILED listing every failing field', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/devices',
      payload: { name: '', kind: 'lamp' },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; details: { fields: { location: string; path: string }[] } }>();
    expect(body.code).toBe('VALIDATION_FAILED');
    const paths = body.details.fields.map((field) => `${field.location}${field.path}`);
    expect(paths).toEqual(expect.arrayContaining(['body/name', 'body/kind', 'body/intervalSeconds']));
  });

  it('when a body holds a field its schema does not allow, the answer is 400 naming it, not a silent drop', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/devices',
      payload: { name: 'lamp', kind: 'sensor', intervalSeconds: 5, colour: 'red', location: { rom: 'hall' } },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; details: { fields: { location: string; path: string }[] } }>();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.fields.map((field) => `${field.location}${field.path}`)).toEqual(
      expect.arrayContaining(['body/colour', 'body/location/rom']),
    );
  });

  it.each(['1e309', '-1e309', 'Infinity', '1e20', '-5', '2.5', 'ten', '0'])(
    'when a query number is %s (too large for a double, out of range, fractional, not a number), the answer is 400 VALIDATION_FAILED naming it',
    async (limit) => {
      const response = await testApp.app.inject({ method: 'GET', url: `/things?limit=${limit}` });

      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ location: 'querystring', path: '/limit' }] },
      });
    },
  );

  it('when query numbers are in range they arrive as numbers; when several are not finite, each is named', async () => {
    const valid = await testApp.app.inject({ method: 'GET', url: '/things?limit=250&near=2.5' });
    const bad = await testApp.app.inject({ method: 'GET', url: '/things?limit=1e309&near=-1e400' });

    expect(valid.json()).toEqual({ limit: 250 });
    const fields = bad.json<{ details: { fields: { path: string }[] } }>().details.fields;
    expect(fields.map((field) => field.path).sort()).toEqual(['/limit', '/near']);
  });

  it('when the body is malformed JSON, the answer is 400 BODY_NOT_JSON', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/devices',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "lamp",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BODY_NOT_JSON', message: 'body is not valid JSON' });
  });

  it('when the route does not exist, the answer is 404 ROUTE_NOT_FOUND with the request id', async () => {
    const response = await testApp.app.inject({
      method: 'DELETE',
      url: '/nowhere?x=1',
      headers: { 'x-request-id': 'req-404' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      code: 'ROUTE_NOT_FOUND',
      message: 'route DELETE /nowhere not found',
      requestId: 'req-404',
    });
  });

  it('when a path parameter is malformed percent-encoding, the answer is 400 BAD_URL in the same shape', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/throws/%E0%A4%A',
      headers: { 'x-request-id': 'req-bad-url' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['x-request-id']).toBe('req-bad-url');
    expect(response.json()).toMatchObject({ code: 'BAD_URL', requestId: 'req-bad-url' });
  });

  it('when the body is larger than the limit, the answer is 413 PAYLOAD_TOO_LARGE', async () => {
    const small = await buildTestApp({ bodyLimitBytes: 64 });
    small.app.post('/echo', (request) => request.body);
    const response = await small.app.inject({
      method: 'POST',
      url: '/echo',
      payload: { text: 'x'.repeat(200) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      requestId: expect.any(String) as unknown,
    });
    await small.app.close();
  });
});
