import { buildDeviceTopic, type TelemetryPayload } from '@homeport/contracts';
import type { MqttClient } from 'mqtt';

/** One MQTT publish. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly payload: string;
}

/**
 * Publishes at QoS 1 with up to `window` messages awaiting their PUBACK; resolves with the number the
 * broker acknowledged (each one it now owns), rejects on the first publish it refused.
 */
export async function publishAll(
  client: MqttClient,
  messages: readonly OutgoingMessage[],
  window = 50,
): Promise<number> {
  let next = 0;
  let acknowledged = 0;
  const lane = async (): Promise<void> => {
    while (next < messages.length) {
      const message = messages[next];
      next += 1;
      if (message === undefined) return;
      await client.publishAsync(message.topic, message.payload, { qos: 1 });
      acknowledged += 1;
    }
  };
  await Promise.all(Array.from({ length: window }, lane));
  return acknowledged;
}

/** First epoch millisecond of the suites' telemetry: point times are `base + seq`, unique per device. */
export const telemetryBaseTs = Date.UTC(2026, 0, 1);

/**
 * `count` telemetry messages of a device with seq `firstSeq...`, each with a unique `ts` (so each is one
 * InfluxDB point) and the field `n` that the tests count.
 */
export function buildTelemetryMessages(
  address: { vendorId: string; deviceId: string },
  count: number,
  firstSeq = 1,
): OutgoingMessage[] {
  const topic = buildDeviceTopic('telemetry', address);
  return Array.from({ length: count }, (_, index) => {
    const seq = firstSeq + index;
    const payload: TelemetryPayload = {
      seq,
      ts: telemetryBaseTs + seq,
      metrics: { n: 1, temperature: 20 + (seq % 50) / 10 },
    };
    return { topic, payload: JSON.stringify(payload) };
  });
}
