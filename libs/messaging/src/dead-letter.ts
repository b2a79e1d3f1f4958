import type { Verdict } from './delivery';
import type { Envelope, MessageProperties } from './envelope';
import type { DeadLetter, RefusedItem } from './message-bus';

/** Header carrying the attempt number of the next delivery (set when a message goes to a retry queue). */
export const attemptHeader = 'x-homeport-attempt';

/** Every header the bus sets starts with this; the others belong to the message. */
const busHeaderPrefix = 'x-homeport-';

const reasonHeader = 'x-homeport-reason';
const errorCodeHeader = 'x-homeport-error-code';
const attemptsHeader = 'x-homeport-attempts';
const failedAtHeader = 'x-homeport-failed-at';
const queueHeader = 'x-homeport-queue';

type RetryVerdict = Extract<Verdict, { action: 'retry' }>;
type DeadLetterVerdict = Extract<Verdict, { action: 'dead-letter' }>;

/** The copy sent to a retry queue: same body and properties, with the next attempt number. */
export function createRetryEnvelope(delivery: Envelope, verdict: RetryVerdict): Envelope {
  return copyWithHeaders(delivery, { [attemptHeader]: verdict.nextAttempt });
}

/** The copy sent to the dead-letter exchange: same body and properties, with why it was given up on. */
export function createDeadLetterEnvelope(
  delivery: Envelope,
  verdict: DeadLetterVerdict,
  queueName: string,
): Envelope {
  return copyWithHeaders(delivery, createDeadLetterHeaders(verdict, queueName));
}

/**
 * The dead letter of an item refused before it became a message: the same headers as a consumer's dead
 * letters, with attempts 0 (no consumer ever had it). The caller's headers cannot override the bus's.
 */
export function createRefusedEnvelope(item: RefusedItem, queueName: string): Envelope {
  const { reason, errorCode } = item;
  return {
    body: typeof item.body === 'string' ? Buffer.from(item.body, 'utf8') : item.body,
    properties: {
      type: item.type,
      messageId: item.messageId,
      timestamp: Math.floor(Date.now() / 1000),
      persistent: true,
      headers: {
        ...item.headers,
        ...createDeadLetterHeaders({ reason, errorCode, attempts: 0 }, queueName),
      },
    },
  };
}

function createDeadLetterHeaders(
  why: { readonly reason: string; readonly errorCode: string; readonly attempts: number },
  queueName: string,
): Record<string, unknown> {
  return {
    [reasonHeader]: why.reason,
    [errorCodeHeader]: why.errorCode,
    [attemptsHeader]: why.attempts,
    [failedAtHeader]: new Date().toISOString(),
    [queueHeader]: queueName,
  };
}

/** Reads back a dead letter taken from a dead-letter queue. */
export function readDeadLetter(envelope: Envelope, fallbackQueueName: string): DeadLetter {
  const { properties } = envelope;
  const headers = properties.headers ?? {};
  const text = (name: string): string | undefined => readHeaderText(headers[name]);
  return {
    queue: text(queueHeader) ?? fallbackQueueName,
    type: properties.type,
    messageId: properties.messageId,
    body: envelope.body.toString('utf8'),
    reason: text(reasonHeader) ?? 'unknown',
    errorCode: text(errorCodeHeader) ?? 'UNKNOWN',
    attempts: Number(text(attemptsHeader) ?? 1),
    failedAt: new Date(text(failedAtHeader) ?? Date.now()),
    headers: readOwnHeaders(headers),
  };
}

/** The message's own headers as text: neither the bus's bookkeeping nor the broker's x-death history. */
function readOwnHeaders(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  const own: Record<string, string> = {};
  for (const [name, value] of Object.entries(withoutBrokerHeaders(headers))) {
    const text = readHeaderText(value);
    if (!name.startsWith(busHeaderPrefix) && text !== undefined) own[name] = text;
  }
  return own;
}

function readHeaderText(value: unknown): string | undefined {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}

/** RabbitMQ's x-death history grows with every pass through a retry queue; the attempt header replaces it. */
function withoutBrokerHeaders(headers: MessageProperties['headers']): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (
      !name.startsWith('x-death') &&
      !name.startsWith('x-first-death') &&
      !name.startsWith('x-last-death')
    ) {
      kept[name] = value;
    }
  }
  return kept;
}

/** A persistent copy of the delivery, its broker headers replaced by ours. */
function copyWithHeaders(delivery: Envelope, headers: Record<string, unknown>): Envelope {
  const { properties } = delivery;
  return {
    body: delivery.body,
    properties: {
      ...properties,
      persistent: true,
      headers: { ...withoutBrokerHeaders(properties.headers), ...headers },
    },
  };
}
