import type { MessageContract, QueueContract } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { createDeadLetterEnvelope, createRetryEnvelope } from './dead-letter';
import {
  createDeliveryProcessor,
  defaultConsumeOptions,
  type IncomingDelivery,
  type ResolvedConsumeOptions,
  type Settlement,
} from './delivery';
import type { Envelope } from './envelope';
import type { ConsumeOptions, MessageHandler } from './message-bus';
import type { FindSchemaErrors } from './schema-validation';
import type { TopologyNames } from './topology-names';

/** What a bus implementation does to settle one delivery on its broker. */
export interface SettleActions {
  /** Publishes a copy (to a retry queue or the dead-letter exchange); resolves once confirmed. */
  publish(exchange: string, routingKey: string, envelope: Envelope): Promise<void>;
  ack(): void;
  /** The copy could not be published: give the message back to the queue (or let the broker do it). */
  requeue(error: unknown): void;
}

/**
 * One consumer's handling, shared by both implementations: validate, handle, then ack, retry or dead-letter
 * (each item of a batch on its own).
 */
export interface ConsumerRuntime {
  readonly options: ResolvedConsumeOptions;
  /** Starts handling a delivery; the work is tracked until its settle action ran. */
  handle(delivery: IncomingDelivery, actions: SettleActions): void;
  /** Resolves when no delivery is being handled. */
  drain(): Promise<void>;
}

/** Checks that every message type of the queue has a handler and prepares the consumer's handling. */
export function createConsumerRuntime(deps: {
  queue: QueueContract;
  handlers: object;
  options: ConsumeOptions | undefined;
  defaultRetryDelaysMs: readonly number[];
  names: TopologyNames;
  findSchemaErrors: FindSchemaErrors;
}): ConsumerRuntime {
  const { queue, names } = deps;
  const handlers = deps.handlers as Readonly<Record<string, MessageHandler<MessageContract> | undefined>>;
  const missing = queue.messages.filter((message) => typeof handlers[message.type] !== 'function');
  if (missing.length > 0) {
    const types = missing.map((message) => message.type).join(', ');
    throw new AppError('invalid', 'HANDLER_MISSING', `queue ${queue.name} has no handler for ${types}`);
  }
  const options: ResolvedConsumeOptions = {
    ...defaultConsumeOptions,
    retryDelaysMs: deps.defaultRetryDelaysMs,
    ...deps.options,
  };
  const processDelivery = createDeliveryProcessor({
    queue,
    handlers: handlers as Readonly<Record<string, MessageHandler<MessageContract>>>,
    options,
    findSchemaErrors: deps.findSchemaErrors,
  });
  const queueName = names.queue(queue);
  const inFlight = new Set<Promise<void>>();

  const publishCopy = (settlement: Settlement, actions: SettleActions): Promise<void> => {
    const { verdict, delivery } = settlement;
    if (verdict.action === 'retry') {
      const retryQueue = names.retryQueue(queue, verdict.delayMs);
      return actions.publish('', retryQueue, createRetryEnvelope(delivery, verdict));
    }
    const copy = createDeadLetterEnvelope(delivery, verdict, queueName);
    return actions.publish(names.deadLetterExchange, queueName, copy);
  };
  const settle = async (delivery: IncomingDelivery, actions: SettleActions): Promise<void> => {
    try {
      const settlements = await processDelivery(delivery);
      await Promise.all(settlements.map((settlement) => publishCopy(settlement, actions)));
      actions.ack();
    } catch (error) {
      // A batch comes back whole: its handled items run again, and handlers are idempotent.
      actions.requeue(error);
    }
  };

  return {
    options,
    handle(delivery, actions) {
      const work = settle(delivery, actions).finally(() => inFlight.delete(work));
      inFlight.add(work);
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
