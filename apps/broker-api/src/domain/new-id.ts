import { randomUUID } from 'node:crypto';

/** A new random id with a readable prefix, valid as an MQTT topic level (e.g. `cmd-3f2a...`). */
export function createId(prefix: string): string {
  return `${prefix}-${randomUUID().replaceAll('-', '')}`;
}
