import { buildDeviceTopic, type DesiredStatePayload, type PlatformFile } from '@homeport/contracts';
import { requestJson } from '@homeport/testing';
import mqtt, { type MqttClient } from 'mqtt';

/** A thermostat of the platform's demo product, connected over MQTT as firmware would be. */
export interface TestThermostat {
  readonly deviceId: string;
  readonly claimCode: string;
  /** Publishes reported state (QoS 1: resolves once the broker took it). */
  report(state: Record<string, unknown>): Promise<void>;
  /** The desired states the device received on its desired topic, oldest first. */
  readonly desired: DesiredStatePayload[];
  close(): Promise<void>;
}

/**
 * Provisions a device of the demo product through broker-api's internal API (as a maker's back end does),
 * connects it with its credential (MQTT 3.1.1; client id = username = device id) and subscribes it to its
 * desired state.
 */
export async function connectTestThermostat(
  platform: PlatformFile,
  deviceId: string,
): Promise<TestThermostat> {
  const call = async <T>(path: string, body: unknown) => {
    const answer = await requestJson<T>(platform.brokerApiUrl, 'POST', path, {
      body,
      token: platform.brokerApiToken,
    });
    if (answer.status !== 201) throw new Error(`POST ${path}: HTTP ${answer.status}`);
    return answer.body;
  };
  const vendorId = platform.demoVendorId;
  const { claimCode } = await call<{ claimCode: string }>('/devices', {
    id: deviceId,
    vendorId,
    productId: platform.demoProductId,
  });
  const { secret } = await call<{ secret: string }>(`/devices/${deviceId}/credentials`, {});
  const client: MqttClient = await mqtt.connectAsync(platform.mqttUrl, {
    protocolVersion: 4,
    clientId: deviceId,
    username: deviceId,
    password: secret,
    clean: true,
  });
  const desired: DesiredStatePayload[] = [];
  const desiredTopic = buildDeviceTopic('desired', { vendorId, deviceId });
  client.on('message', (topic, payload) => {
    if (topic === desiredTopic) desired.push(JSON.parse(payload.toString()) as DesiredStatePayload);
  });
  await client.subscribeAsync(desiredTopic, { qos: 1 });
  let seq = 0;
  return {
    deviceId,
    claimCode,
    desired,
    async report(state) {
      seq += 1;
      const payload = JSON.stringify({ seq, ts: Date.now(), state });
      await client.publishAsync(buildDeviceTopic('reported', { vendorId, deviceId }), payload, { qos: 1 });
    },
    async close() {
      await client.endAsync();
    },
  };
}
