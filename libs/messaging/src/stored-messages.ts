import type { MessageContract } from '@homeport/contracts';
import type { MessageBus } from './message-bus';

/** A message kept outside the bus until it is published (an outbox row): its type, its id, its payload. */
export interface StoredMessage {
  /** The contract's `type` (`name.vVersion`). */
  readonly messageType: string;
  /** Kept by every copy published of it, so consumers can drop a re-send. */
  readonly messageId: string;
  readonly payload: unknown;
}

/**
 * Publishes stored messages of `contracts` under their own message ids, resolving once the broker confirmed;
 * one of another type is refused (the bus validates the payload against its contract on the way out).
 */
export function createStoredMessagePublisher(
  bus: MessageBus,
  contracts: readonly MessageContract[],
): (message: StoredMessage) => Promise<void> {
  const byType = new Map(contracts.map((contract) => [contract.type, contract]));
  return (message) => {
    const contract = byType.get(message.messageType);
    if (contract === undefined) {
      return Promise.reject(new Error(`a stored message of unknown type ${message.messageType}`));
    }
    return bus.publish(contract, message.payload, { messageId: message.messageId });
  };
}
