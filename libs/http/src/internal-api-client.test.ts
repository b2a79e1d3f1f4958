import { isAppError } from '@homeport/errors';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInternalApiTransport } from './internal-api-client';

/** A local HTTP server: answers `/ok` with JSON at once, and holds every other request unanswered. */
async function startServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.url === '/ok') response.setHeader('content-type', 'application/json').end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('internal API transport', () => {
  let running: { server: Server; url: string };
  beforeAll(async () => {
    running = await startServer();
  });
  afterAll(async () => {
    running.server.closeAllConnections();
    await new Promise((resolve) => running.server.close(resolve));
  });

  const createTransport = () =>
    createInternalApiTransport({
      service: 'broker-api',
      baseUrl: running.url,
      token: 'a-service-token-long-enough-for-the-test',
      timeoutMs: 200,
      unavailableCode: 'BROKER_API_UNAVAILABLE',
    });

  it('a call answered in time gives its JSON body', async () => {
    const send = createTransport();
    try {
      expect(await send('GET', '/ok')).toEqual({ ok: true });
    } finally {
      await send.close();
    }
  });

  it('a call that gets no answer within timeoutMs is 503 with the service unavailable code', async () => {
    const send = createTransport();
    try {
      const failure: unknown = await send('GET', '/never').catch((error: unknown) => error);
      expect(isAppError(failure) && { kind: failure.kind, code: failure.code }).toEqual({
        kind: 'unavailable',
        code: 'BROKER_API_UNAVAILABLE',
      });
      expect((failure as Error).message).toContain('no answer within 200 ms');
    } finally {
      await send.close();
    }
  });
});
