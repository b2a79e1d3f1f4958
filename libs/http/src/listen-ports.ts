import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/** Whether a listener could bind `port` on `host` now (bound alone for an instant, then released). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => {
      resolve(false);
    });
    probe.listen({ host, port, exclusive: true }, () => {
      probe.close(() => {
        resolve(true);
      });
    });
  });
}

// Below every common system's ephemeral range (Linux 32768-60999, macOS and Windows 49152-65535).
const lowestPort = 20_000;
const highestPort = 32_767;
const tries = 100;

/**
 * A port free on `host` now, for a listener whose address another part must be given before it listens.
 * Drawn below the system's ephemeral range: the system hands ports of that range to outgoing connections, so
 * a port it gave a probe (port 0) could be taken by any process's connection before the listener binds it
 * (`npm start` failed so once on a loaded CI machine, EADDRINUSE); below it only a listener naming the port
 * can take it.
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const port = randomInt(lowestPort, highestPort + 1);
    if (await isPortFree(host, port)) return port;
  }
  throw new Error(`no free port between ${lowestPort} and ${highestPort} on ${host} in ${tries} tries`);
}
