import type { Envelope } from './envelope';
import { createSettledConfirm, type SettledConfirm } from './settled-confirm';
import {
  createQueueState,
  pickConsumer,
  routes,
  type ConsumerState,
  type DeliveryListener,
  type Entry,
  type ExchangeState,
  type QueueState,
} from './in-process-queue';
import type { TopologyTarget } from './topology';

/** Options of the in-process broker. */
export interface InProcessBrokerOptions {
  /**
   * Messages whose publish confirms only once a consumer of these queues acknowledged them (retries
   * included): what nothing on disk keeps is confirmed only when it needs keeping no more. Only messages of
   * the given types: a message published inside a database transaction (a device's lifecycle event) must not
   * wait for a consumer that needs that database.
   */
  readonly confirmAfterHandling?: { readonly queues: readonly string[]; readonly types: readonly string[] };
}

/**
 * A broker in memory with the AMQP semantics the bus relies on: direct, topic (`*`, `#`) and fanout
 * exchanges, the default exchange, FIFO queues, per-consumer prefetch windows, and per-queue message TTL
 * with dead-lettering. One broker is shared by every bus of an embedded single-process deployment.
 */
export interface InProcessBroker extends TopologyTarget {
  /**
   * Routes a message like an AMQP exchange does ('' is the default exchange, routing by queue name). Resolves
   * at once, or once the queues in `confirmAfterHandling` it reached have handled it; rejects if it is still
   * queued when the broker closes.
   */
  publish(exchange: string, routingKey: string, envelope: Envelope): Promise<void>;
  /** Starts delivering the queue's messages to `listener`, at most `prefetch` unacked at a time. */
  consume(queue: string, prefetch: number, listener: DeliveryListener): { cancel(): void };
  /** Removes and returns the queue's first message (AMQP basic.get with no-ack). */
  get(queue: string): Envelope | undefined;
  /** The queue's first `max` messages, left in place. */
  peek(queue: string, max: number): Envelope[];
  /** Messages waiting in the queue or delivered and not yet acknowledged: 0 once it is drained. */
  countMessages(queue: string): number;
  /** Messages ready (not delivered) and consumers, as AMQP's passive declare tells; undefined for no queue. */
  describeQueue(queue: string): { readonly ready: number; readonly consumers: number } | undefined;
  /** Drops every message and timer; the confirms still waiting for them fail. */
  close(): void;
}

/** Creates an empty in-memory broker. */
export function createInProcessBroker(options: InProcessBrokerOptions = {}): InProcessBroker {
  const confirmingQueues = new Set(options.confirmAfterHandling?.queues);
  const confirmingTypes = new Set(options.confirmAfterHandling?.types);
  const exchanges = new Map<string, ExchangeState>();
  const queues = new Map<string, QueueState>();
  // The queues an exchange routes a routing key to, found once: the same few keys (message types and their
  // subkeys, queue names) come again with every message, and a topic exchange matches each of its bindings.
  // Cleared when a binding or an exchange is added.
  const routed = new Map<string, readonly string[]>();
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
        entry.confirm?.release();
        scheduleDispatch(queue);
      };
      const forward = (exchange: string, routingKey: string, envelope: Envelope): void => {
        route(exchange, routingKey, envelope, entry.confirm);
      };
      const { body, properties } = entry.envelope;
      consumer.listener({ body, properties, redelivered: false }, { ack, forward });
    }
  };

  /** `inherited`: the confirm of a message this one is a copy of, held wherever the copy goes. */
  const enqueue = (
    queue: QueueState,
    envelope: Envelope,
    routingKey: string,
    confirm: SettledConfirm | undefined,
    inherited: boolean,
  ): void => {
    const type = envelope.properties.type;
    const confirms = queue.confirmsAfterHandling && type !== undefined && confirmingTypes.has(type);
    const held = confirms || inherited ? confirm : undefined;
    held?.hold();
    const entry: Entry = { envelope, confirm: held };
    if (queue.ttlMs !== undefined) {
      entry.timer = setTimeout(() => {
        const index = queue.entries.indexOf(entry);
        if (index === -1) return;
        queue.entries.splice(index, 1);
        if (queue.deadLetterExchange !== undefined) {
          route(queue.deadLetterExchange, queue.deadLetterRoutingKey ?? routingKey, envelope, held);
        }
        held?.release();
      }, queue.ttlMs);
    }
    queue.entries.push(entry);
    scheduleDispatch(queue);
  };

  /** Routes to the queues, which hold `confirm` where they confirm after handling (or it is `inherited`). */
  const route = (
    exchangeName: string,
    routingKey: string,
    envelope: Envelope,
    inherited: SettledConfirm | undefined,
    confirm = inherited,
  ): void => {
    if (closed) throw new Error('in-process broker: closed');
    const isInherited = inherited !== undefined;
    if (exchangeName === '') {
      const queue = queues.get(routingKey);
      if (queue !== undefined) enqueue(queue, envelope, routingKey, confirm, isInherited);
      return;
    }
    for (const name of findTargets(exchangeName, routingKey)) {
      enqueue(findQueue(name), envelope, routingKey, confirm, isInherited);
    }
  };

  const findTargets = (exchangeName: string, routingKey: string): readonly string[] => {
    const key = `${exchangeName}\n${routingKey}`;
    let targets = routed.get(key);
    if (targets === undefined) {
      const exchange = exchanges.get(exchangeName);
      if (exchange === undefined) throw new Error(`in-process broker: no exchange ${exchangeName}`);
      const bound = exchange.bindings.filter((binding) => routes(exchange.type, binding.pattern, routingKey));
      targets = [...new Set(bound.map((binding) => binding.queue))];
      routed.set(key, targets);
    }
    return targets;
  };

  const publish = (exchangeName: string, routingKey: string, envelope: Envelope): Promise<void> => {
    const confirm = createSettledConfirm();
    route(exchangeName, routingKey, envelope, undefined, confirm);
    confirm.release();
    return confirm.settled;
  };

  return {
    assertExchange(name, type) {
      if (!exchanges.has(name)) exchanges.set(name, { type, bindings: [] });
      routed.clear();
      return Promise.resolve();
    },
    assertQueue(name, options) {
      if (!queues.has(name)) {
        queues.set(name, createQueueState(options.arguments, confirmingQueues.has(name)));
      }
      return Promise.resolve();
    },
    bindQueue(queue, source, pattern) {
      findQueue(queue);
      const exchange = exchanges.get(source);
      if (exchange === undefined) throw new Error(`in-process broker: no exchange ${source}`);
      const bound = exchange.bindings.some((b) => b.queue === queue && b.pattern === pattern);
      if (!bound) exchange.bindings.push({ queue, pattern });
      routed.clear();
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
      entry?.confirm?.release();
      return entry?.envelope;
    },
    peek(name, max) {
      return findQueue(name)
        .entries.slice(0, max)
        .map((entry) => entry.envelope);
    },
    describeQueue(name) {
      const queue = queues.get(name);
      return queue && { ready: queue.entries.length, consumers: queue.consumers.length };
    },
    countMessages(name) {
      const queue = findQueue(name);
      return queue.entries.length + queue.consumers.reduce((sum, consumer) => sum + consumer.unacked, 0);
    },
    close() {
      closed = true;
      for (const queue of queues.values()) {
        for (const entry of queue.entries) {
          clearTimeout(entry.timer);
          entry.confirm?.fail(new Error('in-process broker: closed with the message still queued'));
        }
        queue.entries.length = 0;
      }
    },
  };
}
