import { createHash } from 'node:crypto';
import type { DeviceMessageSource } from './device-message';

/** The envelope schema's limit on messageId. */
const maxMessageIdLength = 128;

/**
 * A message id that is the same every time the broker delivers the same device message (redelivery after a
 * lost connection, a partition takeover, a retry), so consumers can drop duplicates. With the device's `seq`:
 * `{vendorId}/{deviceId}/{kind}/{seq}`; without it: a hash of the topic and the payload bytes. MQTT packet ids
 * cannot serve: the broker reuses them and they differ between sessions.
 */
export function deriveMessageId(
  source: DeviceMessageSource,
  message: { readonly topic: string; readonly payload: Uint8Array },
  seq: number | undefined,
): string {
  if (seq !== undefined) {
    const readable = `${source.vendorId}/${source.deviceId}/${source.kind}/${seq}`;
    return readable.length <= maxMessageIdLength ? readable : `seq:${hash(readable)}`;
  }
  return `sha256:${hash(message.topic, message.payload)}`;
}

function hash(...parts: (string | Uint8Array)[]): string {
  const digest = createHash('sha256');
  for (const part of parts) {
    // A separator the topic cannot contain (MQTT 3.1.1 §4.7.3: no U+0000), so topic and payload never blur.
    digest.update(part).update('\u0000');
  }
  return digest.digest('base64url');
}
