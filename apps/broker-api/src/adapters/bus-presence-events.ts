import { devicePresenceV1 } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { PresenceEvents } from '../domain/presence';

/** Presence events on the platform events exchange (RabbitMQ, or the in-process bus). */
export function createBusPresenceEvents(bus: MessageBus): PresenceEvents {
  return { publish: (event) => bus.publish(devicePresenceV1, event) };
}
