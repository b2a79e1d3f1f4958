import { randomUUID } from 'node:crypto';
import { messageBatchContentType, type MessageContract } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { PublishOptions } from './message-bus';
import type { FindSchemaErrors } from './schema-validation';

/** The AMQP basic properties the bus sets and reads (a subset of amqplib's publish options). */
export interface MessageProperties {
  readonly type?: string | undefined;
  readonly messageId?: string | undefined;
  readonly contentType?: string | undefined;
  /** Seconds since the epoch (AMQP 0-9-1 timestamp). */
  readonly timestamp?: number | undefined;
  readonly headers?: Readonly<Record<string, unknown>> | undefined;
  readonly persistent?: boolean | undefined;
}

/** A message body with its properties, as handed to a broker. */
export interface Envelope {
  readonly body: Buffer;
  readonly properties: MessageProperties;
}

/** A validated message on its way out: sent alone as an envelope of its own, or as an item of a batch. */
export interface OutgoingMessage {
  readonly messageId: string;
  /** Seconds since the epoch. */
  readonly timestamp: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The payload as JSON text. */
  readonly json: string;
}

const noHeaders: Readonly<Record<string, string>> = Object.freeze({});

/** Validates the payload (a publisher bug must not reach consumers) and serializes it; AppError `invalid` if either fails. */
export function createOutgoingMessage(
  message: MessageContract,
  payload: unknown,
  findSchemaErrors: FindSchemaErrors,
  options: PublishOptions = {},
): OutgoingMessage {
  const errors = findSchemaErrors(message.schema, payload);
  if (errors !== undefined) {
    throw new AppError('invalid', 'MESSAGE_INVALID', `payload of ${message.type} is invalid: ${errors}`, {
      details: { type: message.type, errors },
    });
  }
  return {
    messageId: options.messageId ?? randomUUID(),
    timestamp: Math.floor(Date.now() / 1000),
    headers: options.headers === undefined ? noHeaders : { ...options.headers },
    json: options.json ?? serialize(message, payload),
  };
}

/**
 * A payload valid by its schema can still be impossible to serialize (JSON.stringify throws RangeError on a
 * value nested thousands deep): refused as `invalid` like a schema failure, and only that publish fails.
 */
function serialize(message: MessageContract, payload: unknown): string {
  try {
    return JSON.stringify(payload);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'invalid',
      'MESSAGE_NOT_SERIALIZABLE',
      `payload of ${message.type} cannot be serialized: ${reason}`,
      {
        details: { type: message.type },
        cause: error,
      },
    );
  }
}

/** The persistent JSON envelope of one message. */
export function createEnvelope(message: MessageContract, outgoing: OutgoingMessage): Envelope {
  return {
    body: Buffer.from(outgoing.json),
    properties: {
      type: message.type,
      messageId: outgoing.messageId,
      contentType: 'application/json',
      timestamp: outgoing.timestamp,
      headers: outgoing.headers,
      persistent: true,
    },
  };
}

/**
 * The persistent envelope of several messages of one type (`MessageBatchBody` in contracts). Built from the
 * items' JSON text, so no payload is serialized twice.
 */
export function createBatchEnvelope(message: MessageContract, items: readonly OutgoingMessage[]): Envelope {
  const parts = items.map((item) => {
    const headers = Object.keys(item.headers).length > 0 ? `,"headers":${JSON.stringify(item.headers)}` : '';
    return `{"messageId":${JSON.stringify(item.messageId)},"timestamp":${item.timestamp}${headers},"payload":${item.json}}`;
  });
  return {
    body: Buffer.from(`{"items":[${parts.join(',')}]}`),
    properties: {
      type: message.type,
      messageId: randomUUID(),
      contentType: messageBatchContentType,
      timestamp: Math.floor(Date.now() / 1000),
      headers: {},
      persistent: true,
    },
  };
}
