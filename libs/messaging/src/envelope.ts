import { randomUUID } from 'node:crypto';
import type { MessageContract } from '@homeport/contracts';
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

/** Validates the payload (a publisher bug must not reach consumers) and builds the persistent JSON envelope. */
export function createEnvelope(
  message: MessageContract,
  payload: unknown,
  findSchemaErrors: FindSchemaErrors,
  options: PublishOptions = {},
): Envelope {
  const errors = findSchemaErrors(message.schema, payload);
  if (errors !== undefined) {
    throw new AppError('invalid', 'MESSAGE_INVALID', `payload of ${message.type} is invalid: ${errors}`, {
      details: { type: message.type, errors },
    });
  }
  return {
    body: Buffer.from(JSON.stringify(payload)),
    properties: {
      type: message.type,
      messageId: options.messageId ?? randomUUID(),
      contentType: 'application/json',
      timestamp: Math.floor(Date.now() / 1000),
      headers: { ...options.headers },
      persistent: true,
    },
  };
}
