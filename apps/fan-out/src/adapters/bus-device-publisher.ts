import { deviceIngestMessages, type MessageContract } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { DeviceMessagePublisher, ForwardedKind } from '../domain/device-message';

/** The contract message of each forwarded kind (contracts' ingest messages). */
export const deviceMessageContracts = deviceIngestMessages satisfies Record<ForwardedKind, MessageContract>;

/**
 * The publisher port on the message bus: each kind as its contract message, with the envelope's messageId
 * as the AMQP message id. The bus validates the envelope against the contract schema (AppError `invalid`)
 * and resolves only after RabbitMQ's publisher confirm.
 */
export function createBusDevicePublisher(bus: MessageBus): DeviceMessagePublisher {
  return {
    publish(kind, envelope) {
      // Typed as any message: the envelope's payload is device input that the bus checks against the
      // contract schema before sending (AppError 'invalid' when it does not match).
      const message: MessageContract = deviceMessageContracts[kind];
      return bus.publish(message, envelope, { messageId: envelope.messageId });
    },
  };
}
