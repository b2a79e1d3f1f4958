import type { MessageContract, QueueContract } from '@homeport/contracts';
import { isAppError, isTransient } from '@homeport/errors';
import { attemptHeader } from './dead-letter';
import type { MessageProperties } from './envelope';
import type { ConsumeOptions, DeliveryMeta, MessageHandler } from './message-bus';
import type { FindSchemaErrors } from './schema-validation';

/** A message as a broker hands it to a consumer. */
export interface IncomingDelivery {
  readonly body: Buffer;
  readonly properties: MessageProperties;
  readonly redelivered: boolean;
}

/** What to do with a delivery once it has been looked at (and handled). */
export type Verdict =
  | { readonly action: 'ack' }
  | { readonly action: 'retry'; readonly delayMs: number; readonly nextAttempt: number }
  | {
      readonly action: 'dead-letter';
      readonly reason: string;
      readonly errorCode: string;
      readonly attempts: number;
    };

/** Consume options with the defaults applied. */
export type ResolvedConsumeOptions = Required<ConsumeOptions>;

/** Defaults of consume options. */
export const defaultConsumeOptions: ResolvedConsumeOptions = {
  prefetch: 50,
  retryDelaysMs: [1000, 5000, 30000],
  maxPayloadBytes: 256 * 1024,
};

type AnyHandler = MessageHandler<MessageContract>;

/**
 * Decides, for both bus implementations, what happens to a delivery: invalid ones are dead-lettered before
 * any handler sees them; a handler's failure is retried (transient or unknown errors) or dead-lettered.
 */
export function createDeliveryProcessor(deps: {
  queue: QueueContract;
  handlers: Readonly<Record<string, AnyHandler>>;
  options: ResolvedConsumeOptions;
  findSchemaErrors: FindSchemaErrors;
}): (delivery: IncomingDelivery) => Promise<Verdict> {
  const { queue, handlers, options, findSchemaErrors } = deps;
  return async (delivery) => {
    const attempt = readAttempt(delivery.properties.headers);
    const deadLetter = (errorCode: string, reason: string): Verdict => ({
      action: 'dead-letter',
      errorCode,
      reason,
      attempts: attempt,
    });
    const { body, properties } = delivery;
    if (body.length > options.maxPayloadBytes) {
      return deadLetter(
        'MESSAGE_TOO_LARGE',
        `body of ${body.length} bytes exceeds maxPayloadBytes ${options.maxPayloadBytes}`,
      );
    }
    const message = queue.messages.find((candidate) => candidate.type === properties.type);
    const handler = message === undefined ? undefined : handlers[message.type];
    if (message === undefined || handler === undefined) {
      const accepted = queue.messages.map((candidate) => candidate.type).join(', ');
      return deadLetter(
        'MESSAGE_TYPE_UNKNOWN',
        `type ${JSON.stringify(properties.type ?? null)} is not accepted by queue ${queue.name} (accepts ${accepted})`,
      );
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch (error) {
      return deadLetter('MESSAGE_NOT_JSON', `body is not JSON: ${describeError(error)}`);
    }
    const schemaErrors = findSchemaErrors(message.schema, payload);
    if (schemaErrors !== undefined) {
      return deadLetter('MESSAGE_INVALID', `payload does not match ${message.type}: ${schemaErrors}`);
    }
    try {
      await handler(payload, createMeta(delivery, message.type, attempt));
      return { action: 'ack' };
    } catch (error) {
      return decideAfterFailure(error, attempt, options.retryDelaysMs);
    }
  };
}

/** Transient (AppError 'unavailable') and unknown errors are retried while delays remain; others dead-letter. */
export function decideAfterFailure(
  error: unknown,
  attempt: number,
  retryDelaysMs: readonly number[],
): Verdict {
  const retryable = isTransient(error) || !isAppError(error);
  const delayMs = retryDelaysMs[attempt - 1];
  if (retryable && delayMs !== undefined) {
    return { action: 'retry', delayMs, nextAttempt: attempt + 1 };
  }
  const errorCode = isAppError(error) ? error.code : 'HANDLER_FAILED';
  const reason = retryable
    ? `failed after ${attempt} attempts: ${describeError(error)}`
    : describeError(error);
  return { action: 'dead-letter', reason, errorCode, attempts: attempt };
}

function createMeta(delivery: IncomingDelivery, type: string, attempt: number): DeliveryMeta {
  const { messageId, timestamp } = delivery.properties;
  return {
    messageId: messageId ?? '',
    type,
    attempt,
    redelivered: delivery.redelivered,
    publishedAt: timestamp === undefined ? undefined : new Date(timestamp * 1000),
  };
}

function readAttempt(headers: MessageProperties['headers']): number {
  const value = Number(headers?.[attemptHeader] ?? 1);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
