import { bindingPatternsOf, deadLetterExchange, type QueueContract } from '@homeport/contracts';
import { listExchanges, type NamedQueue, type TopologyNames } from './topology-names';

/** The declaring half of an AMQP channel; amqplib channels and the in-process broker both provide it. */
export interface TopologyTarget {
  assertExchange(exchange: string, type: string, options: { durable: boolean }): Promise<unknown>;
  assertQueue(
    queue: string,
    options: { durable: boolean; arguments: Record<string, unknown> },
  ): Promise<unknown>;
  bindQueue(queue: string, source: string, pattern: string): Promise<unknown>;
}

/**
 * Deletes retired queues (contracts' `retiredQueues`), with their dead-letter queue and the retry queues of
 * `retryDelaysMs`, whatever they hold: nothing reads them any more. Deleting a queue that does not exist is
 * a no-op in RabbitMQ, so this runs at every connect.
 */
export async function deleteRetiredQueues(
  target: { deleteQueue(queue: string): Promise<unknown> },
  names: TopologyNames,
  retired: readonly NamedQueue[],
  retryDelaysMs: readonly number[],
): Promise<void> {
  for (const queue of retired) {
    await target.deleteQueue(names.queue(queue));
    await target.deleteQueue(names.deadLetterQueue(queue));
    for (const delayMs of new Set(retryDelaysMs)) await target.deleteQueue(names.retryQueue(queue, delayMs));
  }
}

/**
 * Declares, durable and idempotently: the exchanges of the queues' messages, the dead-letter exchange, each
 * queue bound to every message it accepts, its dead-letter queue and its retry delay queues.
 */
export async function declareTopology(
  target: TopologyTarget,
  names: TopologyNames,
  queues: readonly QueueContract[],
  retryDelaysMs: readonly number[],
): Promise<void> {
  for (const exchange of [...listExchanges(queues), deadLetterExchange]) {
    await target.assertExchange(names.exchange(exchange), exchange.type, { durable: true });
  }
  for (const queue of queues) await declareQueue(target, names, queue, retryDelaysMs);
}

async function declareQueue(
  target: TopologyTarget,
  names: TopologyNames,
  queue: QueueContract,
  retryDelaysMs: readonly number[],
): Promise<void> {
  const queueName = names.queue(queue);
  // Rejections by the broker itself (e.g. a TTL or length limit) land beside the consumer's dead letters.
  await target.assertQueue(queueName, {
    durable: true,
    arguments: {
      'x-dead-letter-exchange': names.deadLetterExchange,
      'x-dead-letter-routing-key': queueName,
      ...(queue.singleActiveConsumer === true && { 'x-single-active-consumer': true }),
    },
  });
  const bindings = new Set(
    queue.messages.flatMap((message) =>
      bindingPatternsOf(queue, message).map((pattern) => `${names.exchange(message.exchange)}\n${pattern}`),
    ),
  );
  for (const binding of bindings) {
    const [exchangeName = '', pattern = ''] = binding.split('\n');
    await target.bindQueue(queueName, exchangeName, pattern);
  }
  const deadLetterQueueName = names.deadLetterQueue(queue);
  await target.assertQueue(deadLetterQueueName, { durable: true, arguments: {} });
  await target.bindQueue(deadLetterQueueName, names.deadLetterExchange, queueName);
  for (const delayMs of new Set(retryDelaysMs)) {
    // A delay queue has no consumer: messages expire after the delay and return to the work queue.
    await target.assertQueue(names.retryQueue(queue, delayMs), {
      durable: true,
      arguments: {
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queueName,
      },
    });
  }
}
