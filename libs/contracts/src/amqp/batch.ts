import { Type, type Static } from 'typebox';
import { deviceStateChangedV1 } from './messages';

/**
 * The content type of an AMQP message that carries several messages of its `type` (a publisher packs what
 * it publishes in one event-loop turn). A single message keeps `application/json` and its plain body.
 */
export const messageBatchContentType = 'application/vnd.homeport.batch+json';

/** One message of a batch: what its own AMQP body and properties would have held. */
export const MessageBatchItem = Type.Object({
  messageId: Type.String({ minLength: 1, maxLength: 255 }),
  /** AMQP 0-9-1 timestamp: seconds since the epoch. */
  timestamp: Type.Optional(Type.Integer({ minimum: 0 })),
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  /** Validated against the schema of the batch's `type`, item by item. */
  payload: Type.Unknown(),
});

/** One message of a batch, as parsed. */
export type MessageBatchItem = Static<typeof MessageBatchItem>;

/** The body of a batch: its items in publish order. */
export const MessageBatchBody = Type.Object({ items: Type.Array(MessageBatchItem, { minItems: 1 }) });

/** A batch body, as parsed. */
export type MessageBatch = Static<typeof MessageBatchBody>;

/** Two state changes packed together, as broker-api's shadow consumer receives them under load. */
export const messageBatchExample: MessageBatch = {
  items: [
    {
      messageId: 'state-changed:3q5nR0mH1u9kPq8cY2vXw7ZtLb4sJf6gDe0aNi2oUyk',
      timestamp: 1763719200,
      payload: deviceStateChangedV1.example,
    },
    {
      messageId: 'state-changed:Vb8xT1cK9pQ4wE7rZ2mN5yH3jL6fA0sD8gU1iO4tRkc',
      timestamp: 1763719200,
      payload: { ...deviceStateChangedV1.example, deviceId: 'thermostat-0043', seq: 77 },
    },
  ],
};
