import {
  devicePresenceV1,
  messageBatchContentType,
  platformEventsExchange,
  type MessageBatch,
  type MessagePayload,
} from '@homeport/contracts';
import { readTestServerUrls } from '@homeport/testing';
import amqplib from 'amqplib';

/** A device.presence.v1 event as read from RabbitMQ. */
export type PresenceEvent = MessagePayload<typeof devicePresenceV1>;

/** Reads the presence events published on RabbitMQ (through a temporary queue of the test's own). */
export async function listenForPresence(namePrefix: string) {
  const connection = await amqplib.connect(readTestServerUrls().amqpUrl);
  const channel = await connection.createChannel();
  const exchange = namePrefix + platformEventsExchange.name;
  await channel.assertExchange(exchange, platformEventsExchange.type, { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, devicePresenceV1.routingKey);
  const events: PresenceEvent[] = [];
  await channel.consume(
    queue,
    (message) => {
      if (message === null) return;
      const body: unknown = JSON.parse(message.content.toString());
      // Presence events of one turn (several devices connecting) travel as one batch.
      const payloads =
        message.properties.contentType === messageBatchContentType
          ? (body as MessageBatch).items.map((item) => item.payload)
          : [body];
      events.push(...(payloads as PresenceEvent[]));
    },
    { noAck: true },
  );
  return {
    events,
    /** The events of one device, in arrival order. */
    of: (deviceId: string) => events.filter((event) => event.deviceId === deviceId),
    close: () => connection.close(),
  };
}
