import {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  homeOccupancyChangedV1,
  userZoneEnteredV1,
  userZoneLeftV1,
} from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { OutboxEntry, PresenceEventPublisher } from '../domain/ports';

/** The AMQP message id of an outbox row: the same on every copy, so consumers can drop repeats. */
export function buildPresenceMessageId(entry: OutboxEntry): string {
  return `geofencing/${entry.id}`;
}

/** Presence events on homeport.events (RabbitMQ, or the in-process bus), each resolved once confirmed. */
export function createBusPresenceEvents(bus: MessageBus): PresenceEventPublisher {
  return {
    publish(entry) {
      const options = { messageId: buildPresenceMessageId(entry) };
      const { event } = entry;
      switch (event.type) {
        case 'home.member-arrived.v1':
          return bus.publish(homeMemberArrivedV1, event.payload, options);
        case 'home.member-left.v1':
          return bus.publish(homeMemberLeftV1, event.payload, options);
        case 'home.occupancy-changed.v1':
          return bus.publish(homeOccupancyChangedV1, event.payload, options);
        case 'user.zone-entered.v1':
          return bus.publish(userZoneEnteredV1, event.payload, options);
        case 'user.zone-left.v1':
          return bus.publish(userZoneLeftV1, event.payload, options);
      }
    },
  };
}
