import type { QueueContract } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { readEnvelope } from './amqp-channel';
import { readDeadLetter } from './dead-letter';
import type { DeadLetter } from './message-bus';
import type { TopologyNames } from './topology-names';

/**
 * Removes up to `max` messages from the queue's dead-letter queue. Uses a short-lived channel of its own, so
 * a missing queue (404 closes the channel) cannot harm the bus's channels.
 */
export async function takeAmqpDeadLetters(
  manager: AmqpConnectionManager,
  names: TopologyNames,
  queue: QueueContract,
  max: number,
): Promise<DeadLetter[]> {
  const connection = manager.connection;
  if (connection === undefined) {
    throw new AppError('unavailable', 'MESSAGE_BROKER_UNAVAILABLE', 'not connected to RabbitMQ');
  }
  const channel = await connection.createChannel();
  channel.on('error', () => undefined); // a 404 is reported by the rejected get below
  try {
    const letters: DeadLetter[] = [];
    while (letters.length < max) {
      const message = await channel.get(names.deadLetterQueue(queue), { noAck: true });
      if (message === false) break;
      letters.push(readDeadLetter(readEnvelope(message), names.queue(queue)));
    }
    return letters;
  } finally {
    await channel.close().catch(() => undefined);
  }
}
