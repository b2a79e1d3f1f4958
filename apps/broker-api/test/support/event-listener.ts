import {
  messageBatchContentType,
  type MessageBatch,
  type MessageContract,
  type MessagePayload,
} from '@homeport/contracts';
import { readTestServerUrls } from '@homeport/testing';
import amqplib from 'amqplib';

/** One message as read from RabbitMQ: its AMQP message id (a batch item's own) and payload. */
export interface HeardMessage<P> {
  readonly messageId: string | undefined;
  readonly payload: P;
}

/** Reads the messages of one type published on their exchange (through a temporary queue of the test's own). */
export async function listenForMessages<M extends MessageContract>(namePrefix: string, message: M) {
  const connection = await amqplib.connect(readTestServerUrls().amqpUrl);
  const channel = await connection.createChannel();
  const exchange = namePrefix + message.exchange.name;
  await channel.assertExchange(exchange, message.exchange.type, { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, message.routingKey);
  const heard: HeardMessage<MessagePayload<M>>[] = [];
  await channel.consume(
    queue,
    (delivery) => {
      if (delivery === null) return;
      const body: unknown = JSON.parse(delivery.content.toString());
      // The messages of one publisher's event-loop turn travel as one batch.
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
  return { heard, close: () => connection.close() };
}
