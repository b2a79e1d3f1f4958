import type { MessageContract, QueueContract } from '@homeport/contracts';
import type { Static } from 'typebox';

/** Options of one publish. */
export interface PublishOptions {
  /** Defaults to a random UUID; give one to make a re-publish recognisable downstream. */
  readonly messageId?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The payload as JSON text when the caller has it already (a device's payload spliced into its envelope):
   * sent as is instead of JSON.stringify(payload). JSON.parse of it must give `payload`, which is what the
   * bus validates.
   */
  readonly json?: string;
}

/** What a handler learns about the delivery besides the payload. */
export interface DeliveryMeta {
  readonly messageId: string;
  readonly type: string;
  /** 1 on the first delivery, n + 1 after the n-th retry. */
  readonly attempt: number;
  /** True when the broker delivers it again (a consumer died before acking): handlers must be idempotent. */
  readonly redelivered: boolean;
  readonly publishedAt: Date | undefined;
}

/** Handles one message type; resolving acks, throwing retries or dead-letters (see README). */
export type MessageHandler<M extends MessageContract> = (
  payload: Static<M['schema']>,
  meta: DeliveryMeta,
) => Promise<void>;

type QueueMessage<Q extends QueueContract> = Q['messages'][number];

/**
 * One handler per message type the queue accepts, keyed by the message's AMQP `type`, each typed by that
 * message's schema; a missing handler is a compile error.
 */
export type MessageHandlers<Q extends QueueContract> = {
  readonly [T in QueueMessage<Q>['type']]: MessageHandler<Extract<QueueMessage<Q>, { readonly type: T }>>;
};

/** Options of one consumer. */
export interface ConsumeOptions {
  /** Messages handled at once (AMQP prefetch window). Default 50. */
  readonly prefetch?: number;
  /** Wait before retry n (1-based) is `retryDelaysMs[n - 1]`; after the last one the message is dead-lettered. */
  readonly retryDelaysMs?: readonly number[];
  /** Larger bodies are dead-lettered unread. Default 256 KiB. */
  readonly maxPayloadBytes?: number;
}

/** A running consumer. */
export interface Consumer {
  /** Stops taking messages, waits for the handlers in flight to settle, then stops. */
  close(): Promise<void>;
}

/** A message a consumer gave up on, with why. */
export interface DeadLetter {
  readonly queue: string;
  readonly type: string | undefined;
  readonly messageId: string | undefined;
  readonly body: string;
  readonly reason: string;
  readonly errorCode: string;
  readonly attempts: number;
  readonly failedAt: Date;
  /** The message's own headers (publish options, or a refused item's), without the bus's bookkeeping. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Something a service received and refused before it ever became a valid message (not JSON, oversized, an
 * unknown sender, ...), to keep in a queue's dead-letter queue with why (see `MessageBus.deadLetter`).
 */
export interface RefusedItem {
  /** The bytes as received; the caller bounds their size. */
  readonly body: Buffer | string;
  /** The message type it was meant to become, when known. */
  readonly type?: string;
  readonly messageId?: string;
  /** Why it was refused, for the operator reading the dead letter. */
  readonly reason: string;
  /** Stable code of the refusal, e.g. PAYLOAD_NOT_JSON. */
  readonly errorCode: string;
  /** Extra context (e.g. where it came from); names starting with `x-homeport-` are the bus's own. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A queue as the broker holds it now, for operators. */
export interface QueueStats {
  /** Messages ready for a consumer (those delivered and not yet acknowledged are not counted). */
  readonly messages: number;
  readonly consumers: number;
  /** Messages in the queue's dead-letter queue. */
  readonly deadLetters: number;
}

/** Publish back-pressure, for metrics and tests. */
export interface PublishStats {
  /** Handed to the broker and not yet confirmed (never more than maxInFlight). */
  readonly inFlight: number;
  /** Waiting for an in-flight slot. */
  readonly waiting: number;
}

/**
 * The message bus port: confirmed publishes and validated, retried, dead-lettering consumers on the queues
 * defined in contracts. Implemented over RabbitMQ and in process; both pass one contract suite.
 */
export interface MessageBus {
  /** Resolves once the broker has confirmed the (persistent) message. */
  publish<M extends MessageContract>(
    message: M,
    payload: Static<M['schema']>,
    options?: PublishOptions,
  ): Promise<void>;
  /** Starts handling the queue's messages; every type the queue accepts needs a handler. */
  consume<Q extends QueueContract>(
    queue: Q,
    handlers: NoInfer<MessageHandlers<Q>>,
    options?: ConsumeOptions,
  ): Promise<Consumer>;
  /**
   * Puts a refused item in the queue's dead-letter queue with its reason (attempts 0: no consumer ever had
   * it); resolves once the broker confirmed it, like `publish`. The queue must be one of the bus's `queues`.
   */
  deadLetter(queue: QueueContract, item: RefusedItem): Promise<void>;
  /** Removes and returns up to `max` dead letters of the queue (for operators and tests). */
  takeDeadLetters(queue: QueueContract, max: number): Promise<DeadLetter[]>;
  /** Returns up to `max` dead letters of the queue, the first ones, leaving every one of them there. */
  peekDeadLetters(queue: QueueContract, max: number): Promise<DeadLetter[]>;
  /**
   * The queue's depth, consumers and dead letters; undefined when the broker does not have the queue (no
   * service declared it yet). Any queue of contracts, not only the bus's own.
   */
  inspectQueue(queue: QueueContract): Promise<QueueStats | undefined>;
  /** Current publish back-pressure. */
  getPublishStats(): PublishStats;
  /** True while the bus can reach its broker. */
  isConnected(): boolean;
  /** Resolves when the bus is connected and set up; throws AppError 'unavailable' otherwise. */
  checkReady(): Promise<void>;
  /** Waits for handlers in flight and unconfirmed publishes, then closes. */
  close(): Promise<void>;
}
