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
