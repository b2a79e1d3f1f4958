import { createServer } from 'node:net';
import type { EmbeddedConfig, PortKey } from './config';

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
  const keys: PortKey[] = [
    'HTTP_PORT',
    'FAN_OUT_HTTP_PORT',
    'STATE_WORKERS_HTTP_PORT',
    'MQTT_PORT',
    'MQTT_WS_PORT',
  ];
  const ports = {} as Record<PortKey, number>;
  const moved: PortKey[] = [];
  for (const key of keys) {
    const port = config[key];
    const keep = port === 0 || config.explicitPorts.has(key) || (await isFree(config.HOST, port));
    ports[key] = keep ? port : 0;
    if (!keep) moved.push(key);
  }
  return { ports, moved };
}
