import { deadLetterDeviceMessage, type MessageBus } from '@homeport/messaging';
import type { RefusedMessageStore } from '../domain/refused-message';

/**
 * Refused messages as dead letters of the queue they were headed for (contracts' stateWorkersQueue), typed as
 * the contract message they would have been, with the source topic in the `x-source-topic` header
 * (`deadLetterDeviceMessage`). Resolves once RabbitMQ confirmed; AppError `unavailable` when it does not in time.
 */
export function createBusRefusedMessageStore(bus: MessageBus): RefusedMessageStore {
  return { keep: (message) => deadLetterDeviceMessage(bus, message) };
}
