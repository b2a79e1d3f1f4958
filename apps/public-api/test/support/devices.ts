import {
  buildDeviceTopic,
  type IssuedCredentialResponse,
  type ProvisionedDeviceResponse,
  type ReportedStatePayload,
  type TelemetryPayload,
} from '@homeport/contracts';
import { brokerApiToken, createUniqueName, requestJson, type BrokerApiProcess } from '@homeport/testing';
import { connectAsync } from 'mqtt';

/** A vendor with a thermostat product in the suite's broker-api (made with its admin token). */
export interface TestVendor {
  readonly vendorId: string;
  readonly productId: string;
}

async function asAdmin<T>(brokerApi: BrokerApiProcess, method: string, path: string, body?: unknown) {
  const answer = await requestJson<T>(brokerApi.url, method, path, { body, token: brokerApiToken });
  if (answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Creates a vendor and its thermostat product, as an operator does today (products are vendor routes). */
export async function createTestVendor(brokerApi: BrokerApiProcess): Promise<TestVendor> {
  const vendorId = createUniqueName('vendor').replaceAll('_', '-');
  await asAdmin(brokerApi, 'POST', '/vendors', { id: vendorId, name: 'Acme' });
  const features = ['temperature', 'setpoint', 'mode'];
  await asAdmin(brokerApi, 'POST', `/vendors/${vendorId}/products`, {
    id: 'thermostat',
    name: 'T',
    features,
  });
  return { vendorId, productId: 'thermostat' };
}

/** A device provisioned straight in broker-api: its claim code, as the vendor printed it. */
export function provisionThroughBrokerApi(brokerApi: BrokerApiProcess, vendor: TestVendor) {
  return asAdmin<ProvisionedDeviceResponse>(brokerApi, 'POST', '/devices', { ...vendor });
}

/**
 * Connects the device over MQTT with a new credential and publishes one reported state (QoS 1, acknowledged
 * by the broker), as a thermostat does; fan-out and state-workers carry it to the shadow.
 */
export function reportState(
  brokerApi: BrokerApiProcess,
  device: { vendorId: string; deviceId: string },
  state: ReportedStatePayload['state'],
): Promise<void> {
  const payload: ReportedStatePayload = { seq: 1, ts: Date.now(), state };
  return publishAsDevice(brokerApi, device, [['reported', payload]]);
}

/**
 * Connects the device over MQTT with a new credential and publishes each telemetry message in turn (QoS 1);
 * fan-out and state-workers carry them to the time series.
 */
export function sendTelemetry(
  brokerApi: BrokerApiProcess,
  device: { vendorId: string; deviceId: string },
  messages: readonly TelemetryPayload[],
): Promise<void> {
  return publishAsDevice(
    brokerApi,
    device,
    messages.map((payload) => ['telemetry', payload]),
  );
}

async function publishAsDevice(
  brokerApi: BrokerApiProcess,
  device: { vendorId: string; deviceId: string },
  messages: readonly (readonly ['reported' | 'telemetry', unknown])[],
): Promise<void> {
  const path = `/devices/${device.deviceId}/credentials`;
  const { secret } = await asAdmin<IssuedCredentialResponse>(brokerApi, 'POST', path);
  const client = await connectAsync(brokerApi.mqttUrl, {
    clientId: device.deviceId,
    username: device.deviceId,
    password: secret,
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  try {
    for (const [kind, payload] of messages)
      await client.publishAsync(buildDeviceTopic(kind, device), JSON.stringify(payload), { qos: 1 });
  } finally {
    await client.endAsync();
  }
}
