import type { IssuedCredentialResponse, PlatformFile } from '@homeport/contracts';
import { createUniqueName } from '@homeport/testing';
import mqtt, { type MqttClient } from 'mqtt';

/** Calls broker-api's HTTP API of a running platform with its token. */
export async function callPlatformApi<T>(
  platform: PlatformFile,
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${platform.brokerApiUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${platform.brokerApiToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A demo thermostat of the platform, with a new name and a credential. */
export interface DemoDevice {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly credential: IssuedCredentialResponse;
}

/** Creates a thermostat of the demo product with a new name, and issues its MQTT credential. */
export async function provisionDemoDevice(platform: PlatformFile): Promise<DemoDevice> {
  const deviceId = createUniqueName('thermostat').replaceAll('_', '-');
  const vendorId = platform.demoVendorId;
  await callPlatformApi(platform, 'POST', '/devices', {
    id: deviceId,
    vendorId,
    productId: platform.demoProductId,
  });
  const credential = await callPlatformApi<IssuedCredentialResponse>(
    platform,
    'POST',
    `/devices/${deviceId}/credentials`,
  );
  return { vendorId, deviceId, credential };
}

/** Connects a device to the platform's MQTT listener with its credential (no reconnect). */
export function connectDemoDevice(platform: PlatformFile, device: DemoDevice): Promise<MqttClient> {
  return mqtt.connectAsync(platform.mqttUrl, {
    clientId: device.credential.mqtt.clientId,
    username: device.credential.mqtt.username,
    password: device.credential.secret,
    reconnectPeriod: 0,
  });
}
