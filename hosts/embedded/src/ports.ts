import { createServer } from 'node:net';
import { portKeys, type EmbeddedConfig, type PortKey } from './config';

function isFree(host: string, port: number): Promise<boolean> {
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

/**
 * The ports to listen on: each as configured, except a default one that is taken (1883 by a local
 * Mosquitto, 8080 by another server), which becomes 0 (any free port) so a first start still works;
 * the banner and platform.json say where everything ended up. A port set in the environment is kept,
 * and fails the start when taken.
 */
export async function choosePorts(config: EmbeddedConfig): Promise<{
  readonly ports: Readonly<Record<PortKey, number>>;
  readonly moved: readonly PortKey[];
}> {
  const ports = {} as Record<PortKey, number>;
  const moved: PortKey[] = [];
  for (const key of portKeys) {
    const port = config[key];
    const keep = port === 0 || config.explicitPorts.has(key) || (await isFree(config.HOST, port));
    ports[key] = keep ? port : 0;
    if (!keep) moved.push(key);
  }
  return { ports, moved };
}

/** A port free on `host` now (the system's choice), for a listener whose address is needed before it starts. */
export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port: 0, exclusive: true }, () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port was given'));
      });
    });
  });
}
