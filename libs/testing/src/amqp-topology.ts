import {
  allQueues,
  deadLetterExchange,
  deadLetterQueueName,
  deviceMessagesExchange,
  platformEventsExchange,
  retryQueueName,
  type QueueContract,
} from '@homeport/contracts';
import amqplib from 'amqplib';
import { stateWorkersRetryDelaysMs } from './pipeline-env';
import { readTestServerUrls } from './server-urls';

/** What `deleteAmqpTopology` deletes besides the services' queues and exchanges. */
export interface AmqpTopologyExtras {
  /**
   * The bus's default retry delays, which name the retry queues of consumers that keep them (broker-api's):
   * `defaultConsumeOptions.retryDelaysMs` of @homeport/messaging. Handed in because this lib cannot import
   * messaging (messaging's tests import this lib).
   */
  readonly busRetryDelaysMs: readonly number[];
  /** Queues of the caller's own (a test's), bound on the same prefix. */
  readonly extraQueues?: readonly QueueContract[];
}

/**
 * Deletes every durable queue and exchange a pipeline's buses declared under `prefix`: each service's
 * queue (every one of contracts' `allQueues`) and the extra queues, with their dead-letter and retry queues (the bus's default delays, and
 * state-workers' own).
 */
export async function deleteAmqpTopology(prefix: string, extras: AmqpTopologyExtras): Promise<void> {
  const delays = new Set([...extras.busRetryDelaysMs, ...stateWorkersRetryDelaysMs]);
  // Every work queue of contracts (a service's, public-api's webhook queues too), and the test's own.
  const queues = [...allQueues, ...(extras.extraQueues ?? [])];
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
