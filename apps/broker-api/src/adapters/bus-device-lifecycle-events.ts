import { deviceCredentialIssuedV1, deviceDeletedV1, deviceRegisteredV1 } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { DeviceLifecycleEvents } from '../domain/device-lifecycle';

/** Device lifecycle events on the platform events exchange (RabbitMQ, or the in-process bus). */
export function createBusDeviceLifecycleEvents(bus: MessageBus): DeviceLifecycleEvents {
  return {
    deviceRegistered: (event) => bus.publish(deviceRegisteredV1, event),
    deviceDeleted: (event) => bus.publish(deviceDeletedV1, event),
    credentialIssued: (event) => bus.publish(deviceCredentialIssuedV1, event),
  };
}
