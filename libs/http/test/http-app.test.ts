import { connect, createServer } from 'node:net';
import { Type } from 'typebox';
import type { HttpRoutes } from '../src/http-app-type';
import { buildTestApp, readSample } from './build-test-app';

describe('buildHttpApp operational endpoints', () => {
  it('when liveness is probed, it answers ok without running readiness checks', async () => {
    let checksRun = 0;
    const { app } = await buildTestApp({
      readinessChecks: {
        postgres: () => {
          checksRun += 1;
          return Promise.resolve();
        },
      },
    });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(checksRun).toBe(0);
    await app.close();
  });

  it('when every readiness check passes, /ready answers 200 with each check up', async () => {
    const { app } = await buildTestApp({
      readinessChecks: { postgres: () => Promise.resolve(), rabbitmq: () => Promise.resolve() },
    });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      checks: { postgres: { status: 'up' }, rabbitmq: { status: 'up' } },
    });
    await app.close();
  });

  it('when a dependency is unreachable and another hangs, /ready names both with a generic reason and logs the cause', async () => {
    const closedPort = await findClosedPort();
    const { app, logLines } = await buildTestApp({
      readinessTimeoutMs: 50,
      readinessChecks: {
        postgres: () => Promise.resolve(),
        rabbitmq: () => connectTo(closedPort),
        redis: () => new Promise<void>(() => undefined),
      },
    });
    const response = await app.inject({
      method: 'GET',
      url: '/ready',
      headers: { 'x-request-id': 'req-ready' },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'not_ready',
      checks: {
        postgres: { status: 'up' },
        rabbitmq: { status: 'down', reason: 'failed' },
        redis: { status: 'down', reason: 'timed out' },
      },
    });
    expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\d{4,5}/);
    const logged = logLines.find((line) => line['msg'] === 'not ready' && line['level'] === 'warn');
    expect(logged).toMatchObject({
      requestId: 'req-ready',
      causes: {
        rabbitmq: expect.stringContaining(`ECONNREFUSED 127.0.0.1:${closedPort}`) as unknown,
        redis: 'Error: timed out after 50 ms',
      },
    });
    await app.close();
  });

  it('when metrics are scraped, they hold the request histogram by route, method and status and the default metrics', async () => {
    const { app } = await buildTestApp();
    app.get('/things/:id', () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/things/42' });
    await app.inject({ method: 'GET', url: '/no-such-route' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const count = (labels: Record<string, string>) =>
      readSample(response.body, 'http_request_duration_seconds_count', {
        service: 'http-test',
        method: 'GET',
        ...labels,
      });
    expect(count({ route: '/things/:id', status_code: '200' })).toBe(1);
    expect(count({ route: 'unmatched', status_code: '404' })).toBe(1);
    expect(response.body).toContain('process_resident_memory_bytes');
    await app.close();
  });

  it('when a request carries a sane x-request-id, it is echoed and is on every log line of the request, itself logged once at debug', async () => {
    const { app, logLines } = await buildTestApp();
    app.get('/work', (request) => {
      request.log.info('doing the work');
      return { done: true };
    });
    const response = await app.inject({
      method: 'GET',
      url: '/work',
      headers: { 'x-request-id': 'trace-abc.123' },
    });
    expect(response.headers['x-request-id']).toBe('trace-abc.123');
    const requestLines = logLines.filter((line) => line['requestId'] !== undefined);
    // The request itself is one debug line, after the route's own lines.
    expect(requestLines.map((line) => [line['msg'], line['level']])).toEqual([
      ['doing the work', 'info'],
      ['request', 'debug'],
    ]);
    expect(requestLines[1]).toMatchObject({ method: 'GET', url: '/work', statusCode: 200 });
    expect(requestLines.every((line) => line['requestId'] === 'trace-abc.123')).toBe(true);
    expect(requestLines.every((line) => line['service'] === 'http-test')).toBe(true);
    await app.close();
  });

  it('when a request has no or an unsafe x-request-id, a UUID is generated instead', async () => {
    const { app } = await buildTestApp();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const plain = await app.inject({ method: 'GET', url: '/health' });
    const unsafe = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'a b\nforged log' },
    });
    expect(plain.headers['x-request-id']).toMatch(uuid);
    expect(unsafe.headers['x-request-id']).toMatch(uuid);
    expect(unsafe.headers['x-request-id']).not.toBe(plain.headers['x-request-id']);
    await app.close();
  });

  it('when the OpenAPI document is fetched, it lists a route with its typebox schemas', async () => {
    const { app } = await buildTestApp();
    // A route module as services write them: dependencies come in as plugin options, schemas type the handler.
    const deviceRoutes: HttpRoutes<{ idPrefix: string }> = async (routes, { idPrefix }) => {
      routes.post(
        '/devices',
        {
          schema: {
            summary: 'Register a device',
            body: Type.Object({ name: Type.String({ minLength: 1 }) }),
            response: { 201: Type.Object({ id: Type.String() }) },
          },
        },
        async (request, reply) => reply.code(201).send({ id: `${idPrefix}${request.body.name}` }),
      );
      return Promise.resolve();
    };
    await app.register(deviceRoutes, { idPrefix: 'device-' });
    const created = await app.inject({ method: 'POST', url: '/devices', payload: { name: 'lamp' } });
    expect(created.json()).toEqual({ id: 'device-lamp' });
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      openapi: string;
      info: unknown;
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toEqual({ title: 'Test API', version: '1.2.3', description: 'routes for tests' });
    expect(document.paths['/devices']?.['post']).toMatchObject({
      summary: 'Register a device',
      requestBody: { content: { 'application/json': { schema: { required: ['name'] } } } },
    });
    expect(document.paths['/metrics']).toBeUndefined();
    await app.close();
  });

  it('when the docs UI is opened, Swagger UI is served', async () => {
    const { app } = await buildTestApp();
    const page = await app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger-ui');
    const asset = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(asset.statusCode).toBe(200);
    await app.close();
  });
});

/** A local port nothing listens on: it was free a moment ago and is closed again. */
async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves when a TCP connection to the port opens (and closes it), rejects with the socket's error. */
function connectTo(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve();
    });
    socket.once('error', reject);
  });
}
