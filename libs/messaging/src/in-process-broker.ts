import type { IncomingDelivery } from './delivery';
import type { Envelope } from './envelope';
import { matchesTopicPattern } from './topic-pattern';
import type { TopologyTarget } from './topology';

/** Called for each message delivered to a consumer; `ack` frees its place in the prefetch window. */
export type DeliveryListener = (delivery: IncomingDelivery, ack: () => void) => void;

/**
 * A broker in memory with the AMQP semantics the bus relies on: direct, topic (`*`, `#`) and fanout
 * exchanges, the default exchange, FIFO queues, per-consumer prefetch windows, and per-queue message TTL
 * with dead-lettering. One broker is shared by every bus of an embedded single-process deployment.
 */
export interface InProcessBroker extends TopologyTarget {
  /** Routes a message like an AMQP exchange does ('' is the default exchange, routing by queue name). */
  publish(exchange: string, routingKey: string, envelope: Envelope): void;
  /** Starts delivering the queue's messages to `listener`, at most `prefetch` unacked at a time. */
  consume(queue: string, prefetch: number, listener: DeliveryListener): { cancel(): void };
  /** Removes and returns the queue's first message (AMQP basic.get with no-ack). */
  get(queue: string): Envelope | undefined;
  /** Messages waiting in the queue or delivered and not yet acknowledged: 0 once it is drained. */
  countMessages(queue: string): number;
  /** Drops every message and timer. */
  close(): void;
}

interface Entry {
  readonly envelope: Envelope;
  timer?: NodeJS.Timeout;
}

interface ConsumerState {
  readonly prefetch: number;
  readonly listener: DeliveryListener;
  unacked: number;
}

interface QueueState {
  readonly entries: Entry[];
  readonly consumers: ConsumerState[];
  readonly ttlMs: number | undefined;
  readonly deadLetterExchange: string | undefined;
  readonly deadLetterRoutingKey: string | undefined;
  nextConsumer: number;
  dispatchScheduled: boolean;
}

interface ExchangeState {
  readonly type: string;
  readonly bindings: { readonly queue: string; readonly pattern: string }[];
}

/** Creates an empty in-memory broker. */
export function createInProcessBroker(): InProcessBroker {
  const exchanges = new Map<string, ExchangeState>();
  const queues = new Map<string, QueueState>();
  let closed = false;

  const findQueue = (name: string): QueueState => {
    const queue = queues.get(name);
    if (queue === undefined) throw new Error(`in-process broker: no queue ${name}`);
    return queue;
  };

  const scheduleDispatch = (queue: QueueState): void => {
    if (queue.dispatchScheduled || closed) return;
    queue.dispatchScheduled = true;
    setImmediate(() => {
      queue.dispatchScheduled = false;
      dispatch(queue);
    });
  };

  const dispatch = (queue: QueueState): void => {
    while (queue.entries.length > 0 && !closed) {
      const consumer = pickConsumer(queue);
      const entry = consumer === undefined ? undefined : queue.entries.shift();
      if (consumer === undefined || entry === undefined) return;
      clearTimeout(entry.timer);
      consumer.unacked += 1;
      let acked = false;
      const ack = (): void => {
        if (acked) return;
        acked = true;
        consumer.unacked -= 1;
        scheduleDispatch(queue);
      };
      const { body, properties } = entry.envelope;
      consumer.listener({ body, properties, redelivered: false }, ack);
    }
  };

  const enqueue = (queue: QueueState, envelope: Envelope, routingKey: string): void => {
    const entry: Entry = { envelope };
    if (queue.ttlMs !== undefined) {
      entry.timer = setTimeout(() => {
        const index = queue.entries.indexOf(entry);
        if (index === -1) return;
        queue.entries.splice(index, 1);
        if (queue.deadLetterExchange !== undefined) {
          publish(queue.deadLetterExchange, queue.deadLetterRoutingKey ?? routingKey, envelope);
        }
      }, queue.ttlMs);
    }
    queue.entries.push(entry);
    scheduleDispatch(queue);
  };

  const publish = (exchangeName: string, routingKey: string, envelope: Envelope): void => {
    if (closed) throw new Error('in-process broker: closed');
    if (exchangeName === '') {
      const queue = queues.get(routingKey);
      if (queue !== undefined) enqueue(queue, envelope, routingKey);
      return;
    }
    const exchange = exchanges.get(exchangeName);
    if (exchange === undefined) throw new Error(`in-process broker: no exchange ${exchangeName}`);
    const targets = new Set<string>();
    for (const binding of exchange.bindings) {
      if (routes(exchange.type, binding.pattern, routingKey)) targets.add(binding.queue);
    }
    for (const name of targets) enqueue(findQueue(name), envelope, routingKey);
  };

  return {
    assertExchange(name, type) {
      if (!exchanges.has(name)) exchanges.set(name, { type, bindings: [] });
      return Promise.resolve();
    },
    assertQueue(name, options) {
      if (!queues.has(name)) queues.set(name, createQueueState(options.arguments));
      return Promise.resolve();
    },
    bindQueue(queue, source, pattern) {
      findQueue(queue);
      const exchange = exchanges.get(source);
      if (exchange === undefined) throw new Error(`in-process broker: no exchange ${source}`);
      const bound = exchange.bindings.some((b) => b.queue === queue && b.pattern === pattern);
      if (!bound) exchange.bindings.push({ queue, pattern });
      return Promise.resolve();
    },
    publish,
    consume(name, prefetch, listener) {
      const queue = findQueue(name);
      const consumer: ConsumerState = { prefetch, listener, unacked: 0 };
      queue.consumers.push(consumer);
      scheduleDispatch(queue);
      return {
        cancel: () => {
          const index = queue.consumers.indexOf(consumer);
          if (index !== -1) queue.consumers.splice(index, 1);
        },
      };
    },
    get(name) {
      const entry = findQueue(name).entries.shift();
      clearTimeout(entry?.timer);
      return entry?.envelope;
    },
    countMessages(name) {
      const queue = findQueue(name);
      return queue.entries.length + queue.consumers.reduce((sum, consumer) => sum + consumer.unacked, 0);
    },
    close() {
      closed = true;
      for (const queue of queues.values()) {
        for (const entry of queue.entries) clearTimeout(entry.timer);
        queue.entries.length = 0;
      }
    },
  };
}

function createQueueState(args: Record<string, unknown>): QueueState {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const ttl = args['x-message-ttl'];
  return {
    entries: [],
    consumers: [],
    ttlMs: typeof ttl === 'number' ? ttl : undefined,
    deadLetterExchange: text(args['x-dead-letter-exchange']),
    deadLetterRoutingKey: text(args['x-dead-letter-routing-key']),
    nextConsumer: 0,
    dispatchScheduled: false,
  };
}

/** Round-robin among the consumers with room in their prefetch window. */
function pickConsumer(queue: QueueState): ConsumerState | undefined {
  const count = queue.consumers.length;
  for (let step = 0; step < count; step += 1) {
    const index = (queue.nextConsumer + step) % count;
    const consumer = queue.consumers[index];
    if (consumer !== undefined && consumer.unacked < consumer.prefetch) {
      queue.nextConsumer = index + 1;
      return consumer;
    }
  }
  return undefined;
}

function routes(exchangeType: string, pattern: string, routingKey: string): boolean {
  if (exchangeType === 'fanout') return true;
  if (exchangeType === 'topic') return matchesTopicPattern(pattern, routingKey);
  return pattern === routingKey;
}
