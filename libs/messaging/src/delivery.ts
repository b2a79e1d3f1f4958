import { inspect } from 'node:util';
import {
  findJsonDepthViolation,
  findPayloadLimitViolation,
  MessageBatchBody,
  messagePayloadLimits,
  messageBatchContentType,
  type MessageBatch,
  type MessageBatchItem,
  type MessageContract,
  type QueueContract,
} from '@homeport/contracts';
import { isAppError, isTransient } from '@homeport/errors';
import { attemptHeader } from './dead-letter';
import type { MessageProperties } from './envelope';
import type { ConsumeOptions, DeliveryMeta, MessageHandler } from './message-bus';
import type { FindSchemaErrors } from './schema-validation';
import { createHeldItems } from './held-items';
import { createSlots } from './slots';

/** A message as a broker hands it to a consumer. */
export interface IncomingDelivery {
  readonly body: Buffer;
  readonly properties: MessageProperties;
  readonly redelivered: boolean;
}

/** What to do with a delivery once it has been looked at (and handled). */
export type Verdict =
  | { readonly action: 'ack' }
  | {
      readonly action: 'retry';
      readonly delayMs: number;
      readonly nextAttempt: number;
      /** The failure retried: the reason of the dead letter if the message cannot be retried. */
      readonly errorCode: string;
      readonly reason: string;
    }
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
 * Nesting a message's body may have before it is parsed: above the limit of one message (contracts'
 * `messagePayloadLimits`), so that the walk names the limit, and low enough for JSON.stringify to copy it.
 */
const maxBodyDepth = 64;

/** A verdict that needs a copy of the message published: to a retry queue, or to the dead letters. */
export type CopyVerdict = Exclude<Verdict, { readonly action: 'ack' }>;

/** A message (a delivery, or an item of a batch) to copy, and where to. */
export interface Settlement {
  readonly verdict: CopyVerdict;
  readonly delivery: IncomingDelivery;
}

/**
 * Decides, for both bus implementations, what happens to a delivery: invalid ones are dead-lettered before
 * any handler sees them; a handler's failure is retried (transient or unknown errors) or dead-lettered.
 * A batch is unpacked and each item handled, retried or dead-lettered as a message of its own. Resolves
 * with the copies to publish before the delivery is acked: none when every message was handled.
 * At most `prefetch` handlers run at once, whether their messages came alone or in batches, and a delivery
 * is parsed only while fewer than `prefetch` messages are held (held-items.ts).
 */
export function createDeliveryProcessor(deps: {
  queue: QueueContract;
  handlers: Readonly<Record<string, AnyHandler>>;
  options: ResolvedConsumeOptions;
  findSchemaErrors: FindSchemaErrors;
}): (delivery: IncomingDelivery) => Promise<Settlement[]> {
  const { queue, handlers, options, findSchemaErrors } = deps;
  const handlerSlots = createSlots('prefetch', options.prefetch);
  const heldItems = createHeldItems(options.prefetch);

  const handleOne = async (
    message: MessageContract,
    handler: AnyHandler,
    payload: unknown,
    meta: DeliveryMeta,
  ): Promise<Verdict> => {
    try {
      const beyond = findPayloadLimitViolation(payload, messagePayloadLimits);
      if (beyond !== undefined) {
        const reason = `payload of ${message.type} is beyond the limits: ${beyond.message}`;
        return { action: 'dead-letter', errorCode: beyond.code, reason, attempts: meta.attempt };
      }
      const schemaErrors = findSchemaErrors(message.schema, payload);
      if (schemaErrors !== undefined) {
        const reason = `payload does not match ${message.type}: ${schemaErrors}`;
        return { action: 'dead-letter', errorCode: 'MESSAGE_INVALID', reason, attempts: meta.attempt };
      }
      await handlerSlots.run(() => handler(payload, meta));
      return { action: 'ack' };
    } catch (error) {
      return decideAfterFailure(error, meta.attempt, options.retryDelaysMs);
    } finally {
      heldItems.release();
    }
  };

  const handleBatch = async (
    message: MessageContract,
    handler: AnyHandler,
    batch: MessageBatch,
    delivery: IncomingDelivery,
  ): Promise<Settlement[]> => {
    const verdicts = await Promise.all(
      batch.items.map((item) =>
        handleOne(message, handler, item.payload, createItemMeta(item, message.type, delivery)),
      ),
    );
    return verdicts.flatMap((verdict, index) => {
      const item = batch.items[index];
      return verdict.action === 'ack' || item === undefined
        ? []
        : [settleItem(item, verdict, message.type, delivery)];
    });
  };

  return async (delivery) => {
    const attempt = readAttempt(delivery.properties.headers);
    const deadLetter = (errorCode: string, reason: string): Settlement[] => [
      { verdict: { action: 'dead-letter', errorCode, reason, attempts: attempt }, delivery },
    ];
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
    await heldItems.admit();
    const text = body.toString('utf8');
    // Checked on the raw text: nothing deeper than this is ever built, whatever the publisher. Not on a
    // batch: V8's JSON.parse is not recursive, and each item is walked alone (handleOne's limits), so a too
    // deep item is dead-lettered without the other items of its batch.
    const isBatch = properties.contentType === messageBatchContentType;
    const tooDeep = isBatch ? undefined : findJsonDepthViolation(text, maxBodyDepth);
    if (tooDeep !== undefined) {
      heldItems.hold(0);
      return deadLetter(tooDeep.code, `body is beyond the limits: ${tooDeep.message}`);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      heldItems.hold(0);
      return deadLetter('MESSAGE_NOT_JSON', `body is not JSON: ${describeError(error)}`);
    }
    if (isBatch) {
      const batchErrors = findSchemaErrors(MessageBatchBody, payload);
      if (batchErrors !== undefined) {
        heldItems.hold(0);
        return deadLetter('MESSAGE_BATCH_INVALID', `body is not a batch of ${message.type}: ${batchErrors}`);
      }
      const batch = payload as MessageBatch;
      heldItems.hold(batch.items.length);
      return handleBatch(message, handler, batch, delivery);
    }
    heldItems.hold(1);
    const verdict = await handleOne(message, handler, payload, createMeta(delivery, message.type, attempt));
    return verdict.action === 'ack' ? [] : [{ verdict, delivery }];
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
  const errorCode = isAppError(error) ? error.code : 'HANDLER_FAILED';
  if (retryable && delayMs !== undefined) {
    const reason = `failed at attempt ${attempt}: ${describeError(error)}`;
    return { action: 'retry', delayMs, nextAttempt: attempt + 1, errorCode, reason };
  }
  const reason = retryable
    ? `failed after ${attempt} attempts: ${describeError(error)}`
    : describeError(error);
  return { action: 'dead-letter', reason, errorCode, attempts: attempt };
}

/**
 * The copy of a batch item to retry or dead-letter: the item alone, or, when it cannot be serialized alone
 * (JSON.stringify throws on a payload nested thousands deep, which JSON.parse read), a dead letter of its
 * whole batch that names it, so it is kept without being retried and the batch's other items stay handled.
 * Throwing here instead would give the whole batch back to the queue, to fail the same way forever.
 */
function settleItem(
  item: MessageBatchItem,
  verdict: CopyVerdict,
  type: string,
  batch: IncomingDelivery,
): Settlement {
  try {
    return { verdict, delivery: createItemDelivery(item, type, batch.redelivered) };
  } catch (error) {
    const attempts = verdict.action === 'retry' ? verdict.nextAttempt - 1 : verdict.attempts;
    const reason = `${verdict.reason}; the item cannot be copied alone (${describeError(error)}), so this dead letter is its whole batch`;
    return {
      verdict: { action: 'dead-letter', errorCode: verdict.errorCode, reason, attempts },
      delivery: { ...batch, properties: { ...batch.properties, type, messageId: item.messageId } },
    };
  }
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

function createItemMeta(item: MessageBatchItem, type: string, batch: IncomingDelivery): DeliveryMeta {
  return {
    messageId: item.messageId,
    type,
    attempt: readAttempt(item.headers),
    redelivered: batch.redelivered,
    publishedAt: item.timestamp === undefined ? undefined : new Date(item.timestamp * 1000),
  };
}

/** An item as the message it would have been alone: what its retry or dead-letter copy carries. */
function createItemDelivery(item: MessageBatchItem, type: string, redelivered: boolean): IncomingDelivery {
  return {
    body: Buffer.from(JSON.stringify(item.payload)),
    properties: {
      type,
      messageId: item.messageId,
      contentType: 'application/json',
      timestamp: item.timestamp,
      headers: item.headers ?? {},
      persistent: true,
    },
    redelivered,
  };
}

function readAttempt(headers: MessageProperties['headers']): number {
  const value = Number(headers?.[attemptHeader] ?? 1);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/** What went wrong, in words; never throws (a handler may throw anything, even an object String() refuses). */
function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : inspect(error, { depth: 2, breakLength: Infinity });
}
