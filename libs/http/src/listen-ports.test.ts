import { createServer, type Server } from 'node:net';
import { findFreePort, isPortFree } from './listen-ports';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      resolve(server);
    });
  });
}

describe('ports for listeners whose address is given out before they listen', () => {
  it('a found port is below the ephemeral ranges, free, and taken once a listener binds it', async () => {
    const port = await findFreePort('127.0.0.1');
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(32_768);
    expect(await isPortFree('127.0.0.1', port)).toBe(true);

    const server = await listen(port);
    try {
      expect(await isPortFree('127.0.0.1', port)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await isPortFree('127.0.0.1', port)).toBe(true);
  });
});
