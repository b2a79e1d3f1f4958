import { deviceCommandFinishedV1 } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { CommandFinishedEvents } from '../domain/command-finished';

/** The AMQP message id of a command's end: the same on every copy, so consumers drop the repeats. */
export function buildCommandFinishedMessageId(commandId: string): string {
  return `command-finished/${commandId}`;
}

/** Command ends on the platform events exchange (RabbitMQ, or the in-process bus). */
export function createBusCommandFinishedEvents(bus: MessageBus): CommandFinishedEvents {
  return {
    publish: (event) =>
      bus.publish(deviceCommandFinishedV1, event, {
        messageId: buildCommandFinishedMessageId(event.commandId),
      }),
  };
}
