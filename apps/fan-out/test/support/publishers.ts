import { buildDeviceTopic } from '@homeport/contracts';
import { connectAsync, type MqttClient } from 'mqtt';

/** An mqtt.js client playing the devices (clean session: only tests' publishes, no subscriptions). */
export function connectPublisher(url: string): Promise<MqttClient> {
  return connectAsync(url, { clean: true, reconnectPeriod: 100, protocolVersion: 5 });
}

/** `count` telemetry messages of one device with seq from `firstSeq`, published at QoS 1 in order. */
export async function publishTelemetry(
  client: MqttClient,
  address: { vendorId: string; deviceId: string },
  firstSeq: number,
  count: number,
): Promise<void> {
  const topic = buildDeviceTopic('telemetry', address);
  const publishes: Promise<unknown>[] = [];
  for (let seq = firstSeq; seq < firstSeq + count; seq += 1) {
    publishes.push(
      client.publishAsync(topic, JSON.stringify({ seq, metrics: { temperature: 20 + (seq % 10) } }), {
        qos: 1,
      }),
    );
  }
  await Promise.all(publishes);
}
