import { deviceStateChangedV1, deviceTelemetryRecordedV1 } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { EventPublisher } from '../domain/ports';

/** Publishes the events on the message bus (RabbitMQ, or in process in the embedded mode). */
export function createBusEventPublisher(bus: MessageBus): EventPublisher {
  return {
    publishStateChanged: (event, eventId) => bus.publish(deviceStateChangedV1, event, { messageId: eventId }),
    publishTelemetryRecorded: (event, eventId) =>
      bus.publish(deviceTelemetryRecordedV1, event, { messageId: eventId }),
  };
}
