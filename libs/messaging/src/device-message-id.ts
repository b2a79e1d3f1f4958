import { createHash } from 'node:crypto';

/** The envelope schema's limit on messageId. */
const maxMessageIdLength = 128;

/** The device and channel a device message came from (the ingest queue's `reported`, `telemetry`, `event`). */
export interface DeviceMessageOrigin {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly kind: string;
}

/**
 * A message id that is the same every time the same device message is received (redelivery after a lost
 * connection, a partition takeover, a retry, or broker-api's direct ingest and fan-out alike), so consumers
 * can drop duplicates. With the device's `seq`: `{vendorId}/{deviceId}/{kind}/{seq}`; without it: a hash of
 * the topic and the payload bytes. MQTT packet ids cannot serve: the broker reuses them and they differ
 * between sessions.
 */
export function deriveDeviceMessageId(
  origin: DeviceMessageOrigin,
  message: { readonly topic: string; readonly payload: Uint8Array },
  seq: number | undefined,
): string {
  if (seq !== undefined) {
    const readable = `${origin.vendorId}/${origin.deviceId}/${origin.kind}/${seq}`;
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

/** The payload's `seq` when it is a non-negative safe integer (the device's message counter). */
export function readDeviceSequence(payload: unknown): number | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const seq = (payload as Record<string, unknown>)['seq'];
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? seq : undefined;
}
