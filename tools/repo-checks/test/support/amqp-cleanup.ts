import {
  allQueues,
  deadLetterExchange,
  deadLetterQueueName,
  deviceMessagesExchange,
  platformEventsExchange,
  retryQueueName,
} from '@homeport/contracts';
import { defaultConsumeOptions } from '@homeport/messaging';
import { readTestServerUrls } from '@homeport/testing';
import amqp from 'amqplib';

/**
 * Deletes what a service declared on the test RabbitMQ under `prefix`: every work queue of contracts
 * with its dead-letter and retry queues (default delays and `retryDelaysMs`), and the exchanges.
 */
export async function deleteAmqpTopology(
  prefix: string,
  retryDelaysMs: readonly number[] = [],
): Promise<void> {
  const connection = await amqp.connect(readTestServerUrls().amqpUrl);
  try {
    const channel = await connection.createChannel();
    const delays = new Set([...defaultConsumeOptions.retryDelaysMs, ...retryDelaysMs]);
    for (const queue of allQueues) {
      const names = [
        queue.name,
        deadLetterQueueName(queue),
        ...[...delays].map((delay) => retryQueueName(queue, delay)),
      ];
      for (const name of names) await channel.deleteQueue(prefix + name);
    }
    for (const exchange of [deviceMessagesExchange, platformEventsExchange, deadLetterExchange]) {
      await channel.deleteExchange(prefix + exchange.name);
    }
  } finally {
    await connection.close();
  }
}
