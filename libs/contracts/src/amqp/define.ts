import type { Static, TSchema } from 'typebox';

/** A durable AMQP exchange declared from contracts. */
export interface ExchangeContract {
  readonly name: string;
  readonly type: 'topic' | 'direct' | 'fanout';
  readonly description: string;
}

/**
 * One versioned message type: the schema gives the TypeScript type, the runtime validator and the docs.
 * It is published to `exchange` with `routingKey`; its AMQP `type` property is `${name}.v${version}`.
 */
export interface MessageContract<S extends TSchema = TSchema, T extends string = string> {
  readonly name: string;
  readonly version: number;
  readonly type: T;
  readonly exchange: ExchangeContract;
  readonly routingKey: string;
  readonly schema: S;
  readonly example: Static<S>;
  readonly description: string;
}

/** A durable work queue: bound to the exchange and routing key of every message it accepts. */
export interface QueueContract<M extends readonly MessageContract[] = readonly MessageContract[]> {
  readonly name: string;
  readonly messages: M;
  /**
   * RabbitMQ's single active consumer (`x-single-active-consumer`): one consumer at a time gets the messages,
   * in order; the others wait and one takes over when it goes. For consumers that keep per-key state in memory.
   */
  readonly singleActiveConsumer?: boolean;
  readonly description: string;
}

/** The payload type of a message contract. */
export type MessagePayload<M extends MessageContract> = Static<M['schema']>;

/** Defines a message type; its AMQP `type` and routing key are derived from name and version. */
export function defineMessage<S extends TSchema, const N extends string, const V extends number>(definition: {
  name: N;
  version: V;
  exchange: ExchangeContract;
  schema: S;
  example: Static<S>;
  description: string;
}): MessageContract<S, `${N}.v${V}`> {
  const type = `${definition.name}.v${definition.version}` as const;
  return { ...definition, type, routingKey: type };
}

/** Defines a work queue accepting the given message types. */
export function defineQueue<const M extends readonly MessageContract[]>(definition: {
  name: string;
  messages: M;
  singleActiveConsumer?: boolean;
  description: string;
}): QueueContract<M> {
  return definition;
}

/** Names of the queues that hold what a queue's consumer retried or gave up on (derived, never spelled by hand). */
export function deadLetterQueueName(queue: QueueContract): string {
  return `${queue.name}.dead-letter`;
}

/** The delay queue that holds a message for `delayMs` before it returns to `queue`. */
export function retryQueueName(queue: QueueContract, delayMs: number): string {
  return `${queue.name}.retry.${delayMs}ms`;
}

/** Where consumers send what they reject, with the reason in headers. */
export const deadLetterExchange: ExchangeContract = {
  name: 'homeport.dead-letter',
  type: 'direct',
  description: 'Messages a consumer rejected (invalid, or failed after all retries), routed by queue name.',
};
