import {
  buildDeviceTopic,
  type IssuedCredentialResponse,
  type ProvisionedDeviceResponse,
  type ReportedStatePayload,
  type TelemetryPayload,
} from '@homeport/contracts';
import { brokerApiToken, createUniqueName, requestJson, type BrokerApiProcess } from '@homeport/testing';
import { connectAsync, type MqttClient } from 'mqtt';
import type { TestInstance, TestUser } from './environment';

/** A vendor with a thermostat product in the suite's broker-api (made with its admin token). */
export interface TestVendor {
  readonly vendorId: string;
  readonly productId: string;
}

/** Calls the suite's broker-api with its admin token; anything but 2xx fails the test, naming the call. */
export async function asAdmin<T>(brokerApi: BrokerApiProcess, method: string, path: string, body?: unknown) {
  const answer = await requestJson<T>(brokerApi.url, method, path, { body, token: brokerApiToken });
  if (answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Creates a vendor and its thermostat product, as an operator does today (products are vendor routes). */
export async function createTestVendor(
  brokerApi: BrokerApiProcess,
  features: readonly string[] = ['temperature', 'setpoint', 'mode'],
): Promise<TestVendor> {
  const vendorId = createUniqueName('vendor').replaceAll('_', '-');
  await asAdmin(brokerApi, 'POST', '/vendors', { id: vendorId, name: 'Acme' });
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

/** Provisions a device of `product` and has `owner` claim it into the home (its claim code, as the app does). */
export async function claimNewDevice(
  instance: TestInstance,
  brokerApi: BrokerApiProcess,
  owner: TestUser,
  homeId: string,
  product: TestVendor,
): Promise<{ vendorId: string; deviceId: string }> {
  const { id: deviceId, claimCode } = await provisionThroughBrokerApi(brokerApi, product);
  const path = `/v1/homes/${homeId}/devices/claim`;
  const claimed = await instance.api('POST', path, { claimCode }, owner.tokens.accessToken);
  if (claimed.status !== 200) throw new Error(`POST ${path}: ${claimed.status}`);
  return { vendorId: product.vendorId, deviceId };
}

/**
 * Connects the device over MQTT (mqtt.js, MQTT 3.1.1) with a new credential, as a thermostat does: its first,
 * or a rotation when it connected before.
 */
export async function connectDevice(
  brokerApi: BrokerApiProcess,
  device: { vendorId: string; deviceId: string },
): Promise<MqttClient> {
  const path = `/devices/${device.deviceId}/credentials`;
  const first = await requestJson<IssuedCredentialResponse>(brokerApi.url, 'POST', path, {
    token: brokerApiToken,
  });
  if (first.status >= 300 && first.status !== 409)
    throw new Error(`POST ${path}: ${first.status} ${JSON.stringify(first.body)}`);
  const { secret } =
    first.status === 409
      ? await asAdmin<IssuedCredentialResponse>(brokerApi, 'POST', `${path}/rotate`)
      : first.body;
  return connectAsync(brokerApi.mqttUrl, {
    clientId: device.deviceId,
    username: device.deviceId,
    password: secret,
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
}

/** Publishes one reported state (QoS 1, acknowledged by the broker); fan-out and state-workers carry it on. */
export async function publishReportedState(
  client: MqttClient,
  device: { vendorId: string; deviceId: string },
  state: ReportedStatePayload['state'],
  seq = 1,
): Promise<void> {
  const payload: ReportedStatePayload = { seq, ts: Date.now(), state };
  await client.publishAsync(buildDeviceTopic('reported', device), JSON.stringify(payload), { qos: 1 });
}

/** Connects the device, publishes one reported state and disconnects. */
export async function reportState(
  brokerApi: BrokerApiProcess,
  device: { vendorId: string; deviceId: string },
  state: ReportedStatePayload['state'],
): Promise<void> {
  const client = await connectDevice(brokerApi, device);
  try {
    await publishReportedState(client, device, state);
  } finally {
    await client.endAsync();
  }
}

/** Connects the device, publishes each message on the topic of `kind` in turn (QoS 1) and disconnects. */
async function publishInTurn(
  brokerApi: BrokerApiProcess,
  device: { vendorId: string; deviceId: string },
  kind: 'telemetry' | 'reported',
  messages: readonly (TelemetryPayload | ReportedStatePayload)[],
): Promise<void> {
  const client = await connectDevice(brokerApi, device);
  try {
    for (const payload of messages)
      await client.publishAsync(buildDeviceTopic(kind, device), JSON.stringify(payload), { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

/** Connects the device, publishes each telemetry message in turn (QoS 1) and disconnects. */
export function sendTelemetry(
  brokerApi: BrokerApiProcess,
  device: { vendorId: string; deviceId: string },
  messages: readonly TelemetryPayload[],
): Promise<void> {
  return publishInTurn(brokerApi, device, 'telemetry', messages);
}

/** Connects the device, publishes each reported state in turn (QoS 1) and disconnects. */
export function sendReportedStates(
  brokerApi: BrokerApiProcess,
  device: { vendorId: string; deviceId: string },
  reports: readonly ReportedStatePayload[],
): Promise<void> {
  return publishInTurn(brokerApi, device, 'reported', reports);
}
