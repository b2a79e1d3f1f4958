import {
  deviceChangedV1,
  deviceCredentialIssuedV1,
  deviceDeletedV1,
  deviceRegisteredV1,
} from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { OutboxEntry } from '@homeport/storage';
import type { DeviceChangedEvent, DeviceLifecycleEvents } from '../domain/device-lifecycle';

/** Device lifecycle events on the platform events exchange (RabbitMQ, or the in-process bus). */
export function createBusDeviceLifecycleEvents(bus: MessageBus): DeviceLifecycleEvents {
  return {
    deviceRegistered: (event) => bus.publish(deviceRegisteredV1, event),
    deviceDeleted: (event) => bus.publish(deviceDeletedV1, event),
    credentialIssued: (event) => bus.publish(deviceCredentialIssuedV1, event),
  };
}

/**
 * Publishes a device.changed event of the outbox under its message id (the same on every copy); resolves once
 * the broker confirmed it.
 */
export function createBusDeviceChangePublisher(bus: MessageBus): (entry: OutboxEntry) => Promise<void> {
  return (entry) => {
    if (entry.messageType !== deviceChangedV1.type) {
      return Promise.reject(new Error(`the outbox holds an unknown message type ${entry.messageType}`));
    }
    // Written from a DeviceChangedEvent; the bus validates it again on the way out.
    const event = entry.payload as DeviceChangedEvent;
    return bus.publish(deviceChangedV1, event, { messageId: entry.messageId });
  };
}
