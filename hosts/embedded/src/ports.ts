import { isPortFree } from '@homeport/http';
import { portKeys, type EmbeddedConfig, type PortKey } from './config';

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
    const keep = port === 0 || config.explicitPorts.has(key) || (await isPortFree(config.HOST, port));
    ports[key] = keep ? port : 0;
    if (!keep) moved.push(key);
  }
  return { ports, moved };
}
