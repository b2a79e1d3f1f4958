import type { QueueContract } from '@homeport/contracts';
import { readDeadLetter } from './dead-letter';
import type { InProcessBroker } from './in-process-broker';
import type { DeadLetter, MessageBus, QueueStats } from './message-bus';
import {
  createMessageBusFront,
  resolveMessageBusSettings,
  type MessageBusBaseOptions,
  type MessageBusTransport,
} from './message-bus-front';
import { declareTopology } from './topology';
import type { TopologyNames } from './topology-names';

/** Options of the in-process bus. */
export interface InProcessMessageBusOptions extends MessageBusBaseOptions {
  /** The broker shared by every bus of the process. */
  readonly broker: InProcessBroker;
}

/**
 * The message bus in memory, for the embedded single-process mode: same semantics as the RabbitMQ bus
 * (routing, prefetch, retry delay queues, dead letters), nothing survives a restart: a publish to a queue
 * that must not lose what it confirmed is confirmed once handled (the broker's `confirmAfterHandling`).
 */
export async function createInProcessMessageBus(options: InProcessMessageBusOptions): Promise<MessageBus> {
  const { broker } = options;
  const settings = resolveMessageBusSettings(options);
  const { names } = settings;
  await declareTopology(broker, names, settings.queues, settings.retryDelaysMs);

  // The broker confirms by accepting the message, or once it is handled (confirmAfterHandling); only a
  // closed broker throws.
  const publish: MessageBusTransport['publish'] = (exchange, routingKey, envelope) =>
    broker.publish(exchange, routingKey, envelope);

  const transport: MessageBusTransport = {
    async declareExchange(name, type) {
      await broker.assertExchange(name, type, { durable: true });
    },
    publish,

    async startConsumer(queue, runtime) {
      await declareTopology(broker, names, [queue], runtime.options.retryDelaysMs);
      const subscription = broker.consume(
        names.queue(queue),
        runtime.options.prefetch,
        (delivery, actions) => {
          // A retry copy keeps the message's publisher waiting; a dead letter is settled. Only a closed broker
          // refuses a copy; the message goes with it.
          const publishCopy: MessageBusTransport['publish'] = (exchange, routingKey, envelope) => {
            if (exchange === names.deadLetterExchange) return publish(exchange, routingKey, envelope);
            actions.forward(exchange, routingKey, envelope);
            return Promise.resolve();
          };
          runtime.handle(delivery, { publish: publishCopy, ack: actions.ack, requeue: actions.ack });
        },
      );
      return {
        cancel: () => {
          subscription.cancel();
          return Promise.resolve();
        },
        close: () => Promise.resolve(),
      };
    },

    // Deferred so an unknown queue rejects instead of throwing.
    takeDeadLetters: (queue, max) => Promise.resolve().then(() => takeDeadLetters(broker, names, queue, max)),
    peekDeadLetters: (queue, max) =>
      Promise.resolve().then(() =>
        broker
          .peek(names.deadLetterQueue(queue), max)
          .map((envelope) => readDeadLetter(envelope, names.queue(queue))),
      ),
    inspectQueue: (queue) => Promise.resolve(inspectQueue(broker, names, queue)),

    isConnected: () => true,
    checkReady: () => Promise.resolve(),
    // The broker is shared by every bus of the process: it outlives this one.
    close: () => Promise.resolve(),
  };
  return createMessageBusFront(transport, settings);
}

/** Like a passive queue.declare: undefined for a queue no bus declared. */
function inspectQueue(
  broker: InProcessBroker,
  names: TopologyNames,
  queue: QueueContract,
): QueueStats | undefined {
  const work = broker.describeQueue(names.queue(queue));
  if (work === undefined) return undefined;
  return {
    messages: work.ready,
    consumers: work.consumers,
    deadLetters: broker.describeQueue(names.deadLetterQueue(queue))?.ready ?? 0,
  };
}

/** Like basic.get: removes what it returns. */
function takeDeadLetters(
  broker: InProcessBroker,
  names: TopologyNames,
  queue: QueueContract,
  max: number,
): DeadLetter[] {
  const letters: DeadLetter[] = [];
  while (letters.length < max) {
    const envelope = broker.get(names.deadLetterQueue(queue));
    if (envelope === undefined) break;
    letters.push(readDeadLetter(envelope, names.queue(queue)));
  }
  return letters;
}
