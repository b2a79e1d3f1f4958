import {
  everyRoutingKeyOf,
  messageBatchContentType,
  type MessageBatch,
  type MessageContract,
  type MessagePayload,
} from '@homeport/contracts';
import amqplib from 'amqplib';
import { readTestServerUrls } from './server-urls';

/** One message as read from RabbitMQ: its AMQP message id (a batch item's own) and payload. */
export interface HeardMessage<P> {
  readonly messageId: string | undefined;
  readonly payload: P;
}

/** The messages of one type a test read from RabbitMQ. */
export interface EventListener<M extends MessageContract> {
  /** Every message received so far, in arrival order (a batch's items one by one). */
  readonly heard: readonly HeardMessage<MessagePayload<M>>[];
  /** Their payloads, in the same order. */
  readonly events: () => MessagePayload<M>[];
  readonly close: () => Promise<void>;
}

/**
 * Reads what services publish of one message type, through a temporary queue of the test's own bound to the
 * message's exchange (under the test's AMQP name prefix): what a third consumer would see.
 */
export async function listenForEvents<M extends MessageContract>(
  namePrefix: string,
  message: M,
): Promise<EventListener<M>> {
  const connection = await amqplib.connect(readTestServerUrls().amqpUrl);
  const channel = await connection.createChannel();
  const exchange = namePrefix + message.exchange.name;
  await channel.assertExchange(exchange, message.exchange.type, { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, everyRoutingKeyOf(message));
  const heard: HeardMessage<MessagePayload<M>>[] = [];
  await channel.consume(
    queue,
    (delivery) => {
      if (delivery === null) return;
      const body: unknown = JSON.parse(delivery.content.toString());
      // Messages of one type published in one turn travel as one batch.
      const items =
        delivery.properties.contentType === messageBatchContentType
          ? (body as MessageBatch).items
          : [{ messageId: delivery.properties.messageId as string | undefined, payload: body }];
      for (const item of items) {
        heard.push({ messageId: item.messageId, payload: item.payload as MessagePayload<M> });
      }
    },
    { noAck: true },
  );
  return {
    heard,
    events: () => heard.map((one) => one.payload),
    close: () => connection.close(),
  };
}
