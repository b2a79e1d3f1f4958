import { stateWorkersQueue } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { RefusedMessageStore } from '../domain/refused-message';
import { deviceMessageContracts } from './bus-device-publisher';

/** Header of a fan-out dead letter naming the MQTT topic the payload arrived on. */
export const sourceTopicHeader = 'x-source-topic';

/**
 * Refused messages as dead letters of the queue they were headed for (contracts' stateWorkersQueue), typed as
 * the contract message they would have been, with the source topic in the `x-source-topic` header. Resolves
 * once RabbitMQ confirmed; AppError `unavailable` when it does not in time.
 */
export function createBusRefusedMessageStore(bus: MessageBus): RefusedMessageStore {
  return {
    keep(message) {
      return bus.deadLetter(stateWorkersQueue, {
        body: message.payload,
        type: deviceMessageContracts[message.kind].type,
        messageId: message.messageId,
        reason: message.reason,
        errorCode: message.code,
        headers: { [sourceTopicHeader]: message.topic },
      });
    },
  };
}
