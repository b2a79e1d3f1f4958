import { deviceIngestMessages, type MessageContract } from '@homeport/contracts';
import { deadLetterDeviceMessage, type MessageBus } from '@homeport/messaging';
import type { IngestQueue } from '../domain/device-ingest';

/**
 * The ingest queue on the message bus: each kind as its contract message (contracts' deviceIngestMessages,
 * routed to stateWorkersQueue), the envelope's messageId as the AMQP message id; the bus validates the
 * envelope against the contract schema, batches what one event-loop turn publishes and resolves after
 * RabbitMQ's confirm. Refused messages go to stateWorkersQueue's dead letters as fan-out's do.
 */
export function createBusIngestQueue(bus: MessageBus): IngestQueue {
  return {
    publish(kind, envelope) {
      // Typed as any message: the payload is device input the bus checks against the contract schema.
      const message: MessageContract = deviceIngestMessages[kind];
      return bus.publish(message, envelope, { messageId: envelope.messageId });
    },
    deadLetter: (refused) => deadLetterDeviceMessage(bus, refused),
  };
}
