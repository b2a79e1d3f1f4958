import type { IncomingDelivery } from './delivery';
import type { Envelope } from './envelope';
import type { SettledConfirm } from './settled-confirm';
import { matchesTopicPattern } from './topic-pattern';

// The in-process broker's state: its queues, their consumers and the exchanges' bindings.

/** What a consumer does with a delivered message. */
export interface DeliveryActions {
  /** Frees its place in the prefetch window; its publisher's confirm waits no longer for this copy. */
  readonly ack: () => void;
  /** Publishes a copy (a retry) that its publisher's confirm waits for in turn; call before `ack`. */
  readonly forward: (exchange: string, routingKey: string, envelope: Envelope) => void;
}

/** Called for each message delivered to a consumer. */
export type DeliveryListener = (delivery: IncomingDelivery, actions: DeliveryActions) => void;

/** A message in a queue. */
export interface Entry {
  readonly envelope: Envelope;
  /** Held by this entry until it is acknowledged (queues that confirm after handling, and their retries). */
  readonly confirm: SettledConfirm | undefined;
  timer?: NodeJS.Timeout;
}

/** A consumer of a queue with its prefetch window. */
export interface ConsumerState {
  readonly prefetch: number;
  readonly listener: DeliveryListener;
  unacked: number;
}

/** A queue: its messages, consumers and AMQP arguments. */
export interface QueueState {
  readonly entries: Entry[];
  readonly consumers: ConsumerState[];
  readonly ttlMs: number | undefined;
  readonly deadLetterExchange: string | undefined;
  readonly deadLetterRoutingKey: string | undefined;
  readonly confirmsAfterHandling: boolean;
  nextConsumer: number;
  dispatchScheduled: boolean;
}

/** An exchange and its bindings. */
export interface ExchangeState {
  readonly type: string;
  readonly bindings: { readonly queue: string; readonly pattern: string }[];
}

/** A queue declared with `args` (x-message-ttl, x-dead-letter-exchange, x-dead-letter-routing-key). */
export function createQueueState(args: Record<string, unknown>, confirmsAfterHandling: boolean): QueueState {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const ttl = args['x-message-ttl'];
  return {
    entries: [],
    consumers: [],
    ttlMs: typeof ttl === 'number' ? ttl : undefined,
    deadLetterExchange: text(args['x-dead-letter-exchange']),
    deadLetterRoutingKey: text(args['x-dead-letter-routing-key']),
    confirmsAfterHandling,
    nextConsumer: 0,
    dispatchScheduled: false,
  };
}

/** Round-robin among the consumers with room in their prefetch window. */
export function pickConsumer(queue: QueueState): ConsumerState | undefined {
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

export function routes(exchangeType: string, pattern: string, routingKey: string): boolean {
  if (exchangeType === 'fanout') return true;
  if (exchangeType === 'topic') return matchesTopicPattern(pattern, routingKey);
  return pattern === routingKey;
}
