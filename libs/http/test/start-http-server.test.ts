import { once } from 'node:events';
import { connect } from 'node:net';
import { startHttpServer } from '../src/start-http-server';
import { buildTestApp } from './build-test-app';

describe('startHttpServer', () => {
  it('when started on port 0, it binds a free port that answers over real HTTP, and close frees it', async () => {
    const { app } = await buildTestApp();
    const server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);

    const response = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'over-the-wire' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('over-the-wire');
    expect(await response.json()).toEqual({ status: 'ok' });

    await server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

describe('closing a server', () => {
  it('closes a connection that never sent a request once the drain time is up, instead of waiting for it', async () => {
    const { app } = await buildTestApp();
    const server = await startHttpServer(app, { host: '127.0.0.1', port: 0, drainTimeoutMs: 100 });
    const silent = connect(server.port, '127.0.0.1');
    await once(silent, 'connect');
    const closedBySever = once(silent, 'close');

    const closed = await Promise.race([
      server.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(resolve, 20_000, 'still open after 20 s')),
    ]);
    expect(closed).toBe('closed');
    await closedBySever;
  });
});
