import mqtt, { type MqttClient } from 'mqtt';
import type { ProvisionedDevice } from './provisioning';

/** Settings of one device connection. */
export interface DeviceConnectionOptions {
  /** Wait between reconnect attempts after a lost connection; default 1 s. */
  readonly reconnectPeriodMs?: number;
  /** Time for the CONNACK; default 10 s. */
  readonly connectTimeoutMs?: number;
}

/**
 * Connects as the device, the way broker-api logs devices in (MQTT 3.1.1, which aedes speaks: client id =
 * username = device id, password = its secret). Clean session: a simulated device needs nothing kept for it
 * while away (its desired state is retained, so subscribing again delivers the latest), and thousands of
 * throw-away device ids would otherwise leave persistent sessions behind in the broker's Redis. mqtt.js still
 * keeps unacknowledged QoS 1 publishes across a reconnect and sends them again. Rejects when the broker
 * refuses the login or cannot be reached.
 */
export async function connectDevice(
  mqttUrl: string,
  device: ProvisionedDevice,
  options: DeviceConnectionOptions = {},
): Promise<MqttClient> {
  try {
    return await mqtt.connectAsync(mqttUrl, {
      protocolVersion: 4,
      clientId: device.deviceId,
      username: device.deviceId,
      password: device.secret,
      clean: true,
      reconnectPeriod: options.reconnectPeriodMs ?? 1000,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
    });
  } catch (error) {
    throw new Error(
      `MQTT connect to ${mqttUrl} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}
