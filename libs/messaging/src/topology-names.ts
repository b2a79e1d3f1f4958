import {
  deadLetterExchange,
  deadLetterQueueName,
  retryQueueName,
  type ExchangeContract,
  type QueueContract,
} from '@homeport/contracts';

/** A queue as far as its names go (a retired one has no contract left). */
export type NamedQueue = Pick<QueueContract, 'name'>;

/** Broker names of the exchanges and queues, with the optional prefix that keeps test runs apart. */
export interface TopologyNames {
  exchange(exchange: ExchangeContract): string;
  queue(queue: NamedQueue): string;
  deadLetterQueue(queue: NamedQueue): string;
  retryQueue(queue: NamedQueue, delayMs: number): string;
  readonly deadLetterExchange: string;
}

/** Names derived from contracts, each prefixed with `namePrefix` (e.g. `t_abc.`). */
export function createTopologyNames(namePrefix = ''): TopologyNames {
  return {
    exchange: (exchange) => namePrefix + exchange.name,
    queue: (queue) => namePrefix + queue.name,
    deadLetterQueue: (queue) => namePrefix + deadLetterQueueName(queue),
    retryQueue: (queue, delayMs) => namePrefix + retryQueueName(queue, delayMs),
    deadLetterExchange: namePrefix + deadLetterExchange.name,
  };
}

/** The exchanges that a set of queues needs, once each. */
export function listExchanges(queues: readonly QueueContract[]): ExchangeContract[] {
  const byName = new Map<string, ExchangeContract>();
  for (const queue of queues) {
    for (const message of queue.messages) byName.set(message.exchange.name, message.exchange);
  }
  return [...byName.values()];
}
