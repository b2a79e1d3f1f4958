import {
  connectDevice,
  createBrokerApiClient,
  ensureThermostatProduct,
  provisionDevice,
  type ProvisionedDevice,
} from '@homeport/simulator';
import { brokerApiToken, createUniqueName, type BrokerApiProcess } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import { buildTelemetryMessages, publishAll } from './devices';
import type { PipelineStores } from './stores';

/** Devices of one vendor, provisioned through broker-api and connected over MQTT. */
export interface Fleet {
  readonly vendorId: string;
  readonly devices: readonly ProvisionedDevice[];
  /**
   * Every device publishes `perDevice` telemetry messages (QoS 1, at most `window` awaiting their PUBACK per
   * device); resolves with the number the broker acknowledged per device id.
   */
  publishTelemetry(perDevice: number, window?: number): Promise<Map<string, number>>;
  /** Total telemetry points stored for the fleet so far. */
  countStored(): Promise<number>;
  disconnect(): Promise<void>;
}

/** Provisions `size` devices of a new vendor through broker-api's HTTP API and connects each of them to it. */
export async function createFleet(
  broker: BrokerApiProcess,
  stores: PipelineStores,
  size: number,
): Promise<Fleet> {
  const api = createBrokerApiClient({ baseUrl: broker.url, token: brokerApiToken });
  const vendorId = createUniqueName('fleet');
  const productId = 'thermostat';
  await ensureThermostatProduct(api, { vendorId, productId });
  const devices = await Promise.all(
    Array.from({ length: size }, (_, index) =>
      provisionDevice(api, { vendorId, productId, deviceId: `sensor-${String(index + 1).padStart(3, '0')}` }),
    ),
  );
  const clients: MqttClient[] = await Promise.all(
    devices.map((device) => connectDevice(broker.mqttUrl, device)),
  );
  return {
    vendorId,
    devices,
    async publishTelemetry(perDevice, window = 20) {
      const acknowledged = await Promise.all(
        devices.map((device, index) => {
          const client = clients[index];
          if (client === undefined) throw new Error('no client');
          return publishAll(client, buildTelemetryMessages(device, perDevice), window);
        }),
      );
      return new Map(devices.map((device, index) => [device.deviceId, acknowledged[index] ?? 0]));
    },
    async countStored() {
      const counts = await stores.countTelemetryPoints(vendorId);
      return [...counts.values()].reduce((sum, count) => sum + count, 0);
    },
    async disconnect() {
      await Promise.all(clients.map((client) => client.endAsync()));
    },
  };
}
