import {
  brokerApiReportedStateQueue,
  deadLetterExchange,
  deadLetterQueueName,
  deviceMessagesExchange,
  platformEventsExchange,
  retryQueueName,
  stateWorkersQueue,
  type QueueContract,
} from '@homeport/contracts';
import { defaultConsumeOptions } from '@homeport/messaging';
import { readTestServerUrls } from '@homeport/testing';
import amqplib from 'amqplib';
import { stateWorkersRetryDelaysMs } from './service-env';
import { testStateChangedQueue } from './test-bus';

/**
 * Deletes every durable queue and exchange the pipeline's buses declared under `prefix`: each service's
 * queue and the tests' queue, with their dead-letter and retry queues (default delays, and state-workers' own).
 */
export async function deleteAmqpTopology(prefix: string): Promise<void> {
  const delays = new Set([...defaultConsumeOptions.retryDelaysMs, ...stateWorkersRetryDelaysMs]);
  const queues: QueueContract[] = [stateWorkersQueue, brokerApiReportedStateQueue, testStateChangedQueue];
  const connection = await amqplib.connect(readTestServerUrls().amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) {
      const names = [queue.name, deadLetterQueueName(queue)];
      for (const delayMs of delays) names.push(retryQueueName(queue, delayMs));
      // Deleting a queue that does not exist succeeds (RabbitMQ 3.x), so no need to know which were declared.
      for (const name of names) await channel.deleteQueue(prefix + name);
    }
    for (const exchange of [deviceMessagesExchange, platformEventsExchange, deadLetterExchange]) {
      await channel.deleteExchange(prefix + exchange.name);
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}
