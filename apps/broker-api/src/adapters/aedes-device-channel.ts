import { buildDeviceTopic, type DeviceTopicKind } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { Aedes } from 'aedes';
import type { DeviceChannel } from '../domain/device-channel';

/** The kinds of device topic the broker publishes retained (devices' own publishes are never retained). */
export const retainedTopicKinds = ['desired', 'presence'] as const satisfies readonly DeviceTopicKind[];

/** Publishes to device topics through the broker (and so to every replica, via its emitter). */
export function createAedesDeviceChannel(broker: Aedes): DeviceChannel {
  const publish = (
    kind: DeviceTopicKind,
    address: Parameters<typeof buildDeviceTopic>[1],
    payload: unknown,
    retain: boolean,
  ): Promise<void> =>
    new Promise((resolve, reject) => {
      const topic = buildDeviceTopic(kind, address);
      const packet = { cmd: 'publish' as const, topic, qos: 1 as const, retain, dup: false };
      broker.publish({ ...packet, payload: Buffer.from(JSON.stringify(payload)) }, (error) => {
        // aedes calls back with null on success, despite its typings.
        const failure: unknown = error;
        if (failure === undefined || failure === null) {
          resolve();
          return;
        }
        reject(
          new AppError('unavailable', 'MQTT_PUBLISH_FAILED', `publishing to ${topic} failed`, {
            cause: error,
          }),
        );
      });
    });
  return {
    publishDesired: (address, payload) => publish('desired', address, payload, true),
    publishDelta: (address, payload) => publish('delta', address, payload, false),
    publishCommand: (address, payload) => publish('command', address, payload, false),
    publishPresence: (address, payload) => publish('presence', address, payload, true),
  };
}
