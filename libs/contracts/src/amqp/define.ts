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
  /**
   * Set for a message some queues take only part of: the routing key of one payload, `routingKey.<subkey>`
   * (device.changed.v1.desired), so that a queue binds `routingKey.#` (all) or named subkeys only (`onlySubkeys`).
   */
  // Method syntax: checked bivariantly, so a message of any schema is a MessageContract.
  routingKeyOf?(payload: Static<S>): string;
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
  /** Messages of `messages` (with subkeys) this queue takes only some subkeys of; the rest it takes whole. */
  readonly only?: readonly SubkeySelection[];
  readonly description: string;
}

/** Some subkeys of a message routed by subkey (see `MessageContract.routingKeyOf`). */
export interface SubkeySelection {
  readonly message: MessageContract;
  readonly subkeys: readonly string[];
}

/** The payload type of a message contract. */
export type MessagePayload<M extends MessageContract> = Static<M['schema']>;

/**
 * Defines a message type; its AMQP `type` and routing key are derived from name and version, and with
 * `subkey` each payload's routing key is `<type>.<subkey(payload)>` (one word: no `.`).
 */
export function defineMessage<S extends TSchema, const N extends string, const V extends number>(definition: {
  name: N;
  version: V;
  exchange: ExchangeContract;
  schema: S;
  example: Static<S>;
  description: string;
  subkey?: (payload: Static<S>) => string;
}): MessageContract<S, `${N}.v${V}`> {
  const { subkey, ...rest } = definition;
  const type = `${definition.name}.v${definition.version}` as const;
  return {
    ...rest,
    type,
    routingKey: type,
    ...(subkey !== undefined && { routingKeyOf: (payload: Static<S>) => `${type}.${subkey(payload)}` }),
  };
}

/** Defines a work queue accepting the given message types. */
export function defineQueue<const M extends readonly MessageContract[]>(definition: {
  name: string;
  messages: M;
  singleActiveConsumer?: boolean;
  only?: readonly SubkeySelection[];
  description: string;
}): QueueContract<M> {
  for (const { message } of definition.only ?? []) {
    if (!definition.messages.includes(message) || message.routingKeyOf === undefined)
      throw new Error(
        `queue ${definition.name}: ${message.type} is not one of its messages routed by subkey`,
      );
  }
  return definition;
}

/** Only these subkeys of a message routed by subkey, for a queue's `only`. */
export function onlySubkeys(message: MessageContract, subkeys: readonly string[]): SubkeySelection {
  return { message, subkeys };
}

/** The routing key a payload of the message is published with. */
export function routingKeyOf<S extends TSchema>(message: MessageContract<S>, payload: Static<S>): string {
  return message.routingKeyOf?.(payload) ?? message.routingKey;
}

/**
 * The binding patterns of a queue for one of its messages (a topic exchange's): the routing key; for a
 * message routed by subkey `<type>.#` (every subkey, and the bare type of publishers before the subkey), or
 * the subkeys the queue takes.
 */
export function bindingPatternsOf(queue: QueueContract, message: MessageContract): string[] {
  const selection = queue.only?.find((only) => only.message === message);
  if (selection === undefined) return [everyRoutingKeyOf(message)];
  return selection.subkeys.map((subkey) => `${message.routingKey}.${subkey}`);
}

/** The binding pattern (a topic exchange's) that takes every payload of the message. */
export function everyRoutingKeyOf(message: MessageContract): string {
  return message.routingKeyOf === undefined ? message.routingKey : `${message.routingKey}.#`;
}

/** Names of the queues that hold what a queue's consumer retried or gave up on (derived, never spelled by hand). */
export function deadLetterQueueName(queue: Pick<QueueContract, 'name'>): string {
  return `${queue.name}.dead-letter`;
}

/** The delay queue that holds a message for `delayMs` before it returns to `queue`. */
export function retryQueueName(queue: Pick<QueueContract, 'name'>, delayMs: number): string {
  return `${queue.name}.retry.${delayMs}ms`;
}

/** Where consumers send what they reject, with the reason in headers. */
export const deadLetterExchange: ExchangeContract = {
  name: 'homeport.dead-letter',
  type: 'direct',
  description: 'Messages a consumer rejected (invalid, or failed after all retries), routed by queue name.',
};
