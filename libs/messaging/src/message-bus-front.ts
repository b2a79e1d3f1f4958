import {
  routingKeyOf,
  type ExchangeContract,
  type MessageContract,
  type QueueContract,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { createConsumerRuntime, type ConsumerRuntime } from './consumer-runtime';
import { createRefusedEnvelope } from './dead-letter';
import { defaultConsumeOptions } from './delivery';
import { createEnvelope, createOutgoingMessage, type Envelope } from './envelope';
import type { Consumer, DeadLetter, MessageBus, QueueStats } from './message-bus';
import { createPublishBatcher } from './publish-batcher';
import { createSlots } from './slots';
import { createSchemaValidation } from './schema-validation';
import { createTopologyNames, type TopologyNames } from './topology-names';

/** The options both implementations take. */
export interface MessageBusBaseOptions {
  /** The queues this bus consumes or publishes to: declared (with their exchanges) at creation. */
  readonly queues: readonly QueueContract[];
  /** Prepended to every exchange and queue name (e.g. `t_abc.`). */
  readonly namePrefix?: string;
  /** Publishes awaiting their confirm at once; further ones wait for a slot. Default 1000. */
  readonly maxInFlight?: number;
  /** Retry delay queues declared per queue, and the consumers' default. Default [1000, 5000, 30000]. */
  readonly retryDelaysMs?: readonly number[];
  /**
   * Messages of one type published in one event-loop turn travel as one AMQP message (a batch) of about
   * this many bytes at most; keep it under the consumers' maxPayloadBytes. 0 sends each alone. Default 32 KiB.
   */
  readonly maxBatchBytes?: number;
}

/** The base options with their defaults applied, shared by a bus's front and its transport. */
export interface MessageBusSettings {
  readonly queues: readonly QueueContract[];
  readonly names: TopologyNames;
  readonly maxInFlight: number;
  readonly retryDelaysMs: readonly number[];
  readonly maxBatchBytes: number;
}

/** A consumer as a transport runs it; the front drains the handlers between the two steps. */
export interface TransportConsumer {
  /** Stops taking new deliveries; the ones in flight can still be settled. */
  cancel(): Promise<void>;
  /** Releases what the consumer holds, once no handler is running. */
  close(): Promise<void>;
}

/** What an implementation provides to the front: the broker-specific half of a message bus. */
export interface MessageBusTransport {
  /** Declares an exchange; called once per exchange, before the first publish to it. Must not reject. */
  declareExchange(name: string, type: ExchangeContract['type']): Promise<void>;
  /**
   * Publishes a persistent envelope; resolves once the broker confirmed it. Also carries refused items to
   * the dead-letter exchange, which the topology of the bus's queues declares.
   */
  publish(exchange: string, routingKey: string, envelope: Envelope): Promise<void>;
  /** Declares the queue's topology and starts feeding its deliveries to the runtime. */
  startConsumer(queue: QueueContract, runtime: ConsumerRuntime): Promise<TransportConsumer>;
  /** Removes and returns up to `max` dead letters of the queue. */
  takeDeadLetters(queue: QueueContract, max: number): Promise<DeadLetter[]>;
  /** Returns up to `max` dead letters of the queue and leaves them there. */
  peekDeadLetters(queue: QueueContract, max: number): Promise<DeadLetter[]>;
  /** The queue's depth, consumers and dead letters; undefined when the broker has no such queue. */
  inspectQueue(queue: QueueContract): Promise<QueueStats | undefined>;
  isConnected(): boolean;
  /** Resolves when the broker is reachable and set up; throws AppError 'unavailable' otherwise. */
  checkReady(): Promise<void>;
  /** Called last, once every consumer is closed and no publish awaits its confirm. */
  close(): Promise<void>;
}

/** Applies the defaults of the base options. */
export function resolveMessageBusSettings(options: MessageBusBaseOptions): MessageBusSettings {
  return {
    queues: options.queues,
    names: createTopologyNames(options.namePrefix),
    maxInFlight: options.maxInFlight ?? 1000,
    retryDelaysMs: options.retryDelaysMs ?? defaultConsumeOptions.retryDelaysMs,
    maxBatchBytes: options.maxBatchBytes ?? 32 * 1024,
  };
}

/**
 * The half of a message bus both implementations share: open/closed state, payload validation and
 * envelopes, batches, publish slots (shared by publishes and dead-lettered refused items), consumer runtimes and
 * their tracking, and the order of closing (consumers, then unconfirmed publishes, then the transport).
 */
export function createMessageBusFront(
  transport: MessageBusTransport,
  settings: MessageBusSettings,
): MessageBus {
  const { names, retryDelaysMs } = settings;
  const declaredQueues = new Set(settings.queues.map((queue) => queue.name));
  const findSchemaErrors = createSchemaValidation();
  const slots = createSlots('maxInFlight', settings.maxInFlight);
  const consumers = new Set<Consumer>();
  const declaredExchanges = new Map<string, Promise<void>>();
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new AppError('unavailable', 'MESSAGE_BUS_CLOSED', 'the message bus is closed');
  };
  const ensureExchange = (exchange: ExchangeContract): Promise<void> => {
    const name = names.exchange(exchange);
    let declared = declaredExchanges.get(name);
    if (declared === undefined) {
      declared = transport.declareExchange(name, exchange.type);
      declaredExchanges.set(name, declared);
    }
    return declared;
  };
  const send = (message: MessageContract, routingKey: string, envelope: Envelope): Promise<void> =>
    slots.run(async () => {
      await ensureExchange(message.exchange);
      await transport.publish(names.exchange(message.exchange), routingKey, envelope);
    });
  const batcher =
    settings.maxBatchBytes > 0
      ? createPublishBatcher({ maxBatchBytes: settings.maxBatchBytes, send })
      : undefined;
  const track = (started: TransportConsumer, runtime: ConsumerRuntime): Consumer => {
    let closing: Promise<void> | undefined;
    const consumer: Consumer = {
      close() {
        closing ??= (async () => {
          await started.cancel();
          await runtime.drain();
          await started.close();
          consumers.delete(consumer);
        })();
        return closing;
      },
    };
    consumers.add(consumer);
    return consumer;
  };

  return {
    async publish(message, payload, publishOptions) {
      ensureOpen();
      const outgoing = createOutgoingMessage(message, payload, findSchemaErrors, publishOptions);
      const routingKey = routingKeyOf(message, payload);
      await (batcher === undefined
        ? send(message, routingKey, createEnvelope(message, outgoing))
        : batcher.add(message, routingKey, outgoing));
    },

    async deadLetter(queue, item) {
      ensureOpen();
      // Only their dead-letter queues are sure to exist: to an unbound one the broker would drop the item.
      if (!declaredQueues.has(queue.name)) {
        throw new AppError(
          'invalid',
          'QUEUE_NOT_DECLARED',
          `queue ${queue.name} is not one of the bus's queues, so its dead-letter queue may not exist`,
        );
      }
      const queueName = names.queue(queue);
      const envelope = createRefusedEnvelope(item, queueName);
      await slots.run(() => transport.publish(names.deadLetterExchange, queueName, envelope));
    },

    async consume(queue, handlers, consumeOptions) {
      ensureOpen();
      const runtime = createConsumerRuntime({
        queue,
        handlers,
        options: consumeOptions,
        defaultRetryDelaysMs: retryDelaysMs,
        names,
        findSchemaErrors,
      });
      return track(await transport.startConsumer(queue, runtime), runtime);
    },

    takeDeadLetters: (queue, max) => transport.takeDeadLetters(queue, max),
    peekDeadLetters: (queue, max) => transport.peekDeadLetters(queue, max),
    inspectQueue: (queue) => transport.inspectQueue(queue),
    getPublishStats: () => slots.getStats(),
    isConnected: () => !closed && transport.isConnected(),

    async checkReady() {
      ensureOpen();
      await transport.checkReady();
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...consumers].map((consumer) => consumer.close()));
      batcher?.flush();
      await slots.whenIdle();
      await transport.close();
    },
  };
}
