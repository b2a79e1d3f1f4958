import { buildDeviceTopicFilter, parseDeviceTopic } from '@homeport/contracts';
import mqtt from 'mqtt';
import { observerToken } from './test-platform';

/** One device message the observer saw. */
export interface ObservedMessage {
  readonly kind: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly payload: Record<string, unknown>;
}

/** A service client of broker-api that sees every device's reported state and telemetry: the platform's view. */
export interface Observer {
  readonly messages: readonly ObservedMessage[];
  close(): Promise<void>;
}

/** Connects as `service:observer` and subscribes to the reported-state and telemetry topics of all devices. */
export async function startObserver(mqttUrl: string): Promise<Observer> {
  const client = await mqtt.connectAsync(mqttUrl, {
    protocolVersion: 4,
    clientId: 'service:observer',
    username: 'service:observer',
    password: observerToken,
    clean: true,
    reconnectPeriod: 0,
  });
  const messages: ObservedMessage[] = [];
  client.on('message', (topic, payload) => {
    const parsed = parseDeviceTopic(topic);
    if (parsed === undefined) return;
    const body = JSON.parse(payload.toString()) as Record<string, unknown>;
    messages.push({ kind: parsed.kind, vendorId: parsed.vendorId, deviceId: parsed.deviceId, payload: body });
  });
  await client.subscribeAsync([buildDeviceTopicFilter('reported'), buildDeviceTopicFilter('telemetry')], {
    qos: 1,
  });
  return {
    messages,
    async close() {
      await client.endAsync();
    },
  };
}
