import { createHash } from 'node:crypto';

/**
 * A deterministic event id: every publication of the same fact (a redelivered message publishes again)
 * carries the same id, so consumers can drop duplicates. Hashed to stay within AMQP's 255-byte
 * message-id whatever the length of the parts.
 */
export function deriveEventId(kind: string, parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
  return `${kind}:${digest}`;
}
