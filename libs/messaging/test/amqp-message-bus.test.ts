import { deadLetterExchange } from '@homeport/contracts';
import { createUniqueName, readTestServerUrls } from '@homeport/testing';
import amqplib from 'amqplib';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '../src';
import { createTopologyNames, listExchanges } from '../src/topology-names';
import { describeMessageBusContract, type TestBusOptions } from './message-bus.contract';
import { closeConnectionByName, listDurable } from './rabbitmq-admin';
import { auditRecorded, noteAdded, readingTaken, readingsQueue } from './test-contracts';
import { sleep, waitFor } from '@homeport/testing';

const { amqpUrl } = readTestServerUrls();

/** Deletes everything a test bus declared (durable, so it would otherwise outlive the test). */
async function deleteTopology(connection: amqplib.ChannelModel, options: TestBusOptions): Promise<void> {
  const names = createTopologyNames(options.namePrefix);
  const channel = await connection.createChannel();
  const delays = options.retryDelaysMs ?? defaultConsumeOptions.retryDelaysMs;
  for (const queue of options.queues) {
    await channel.deleteQueue(names.queue(queue));
    await channel.deleteQueue(names.deadLetterQueue(queue));
    for (const delayMs of delays) await channel.deleteQueue(names.retryQueue(queue, delayMs));
  }
  const exchanges = [...listExchanges(options.queues), deadLetterExchange, auditRecorded.exchange];
  for (const exchange of exchanges) await channel.deleteExchange(names.exchange(exchange));
  await channel.close();
}

describeMessageBusContract('RabbitMQ message bus', async () => {
  const connection = await amqplib.connect(amqpUrl);
  const rawChannel = await connection.createConfirmChannel();
  let created: { bus: MessageBus; options: TestBusOptions }[] = [];
  return {
    async createBus(options) {
      const bus = await createAmqpMessageBus({
        url: amqpUrl,
        connectionName: `homeport-test-${options.namePrefix}`,
        reconnectDelayMs: 100,
        ...options,
      });
      created.push({ bus, options });
      return bus;
    },
    async publishRaw(exchangeName, routingKey, body, properties) {
      rawChannel.publish(exchangeName, routingKey, body, { ...properties });
      await rawChannel.waitForConfirms();
    },
    async countMessages(queueName) {
      return (await rawChannel.checkQueue(queueName)).messageCount;
    },
    async cleanUp() {
      for (const { bus, options } of created) {
        await bus.close();
        await deleteTopology(connection, options);
      }
      created = [];
    },
    async close() {
      await connection.close();
    },
  };
});

describe('RabbitMQ message bus (broker behaviour)', () => {
  let prefix: string;
  let bus: MessageBus | undefined;
  let connection: amqplib.ChannelModel;
  const options = (): TestBusOptions => ({
    namePrefix: prefix,
    queues: [readingsQueue],
    retryDelaysMs: [50],
  });

  beforeAll(async () => {
    connection = await amqplib.connect(amqpUrl);
  });
  afterAll(async () => {
    await connection.close();
  });
  beforeEach(() => {
    prefix = `${createUniqueName('amqp')}.`;
  });
  afterEach(async () => {
    await bus?.close();
    bus = undefined;
    await deleteTopology(connection, options());
  });

  it('creation declares the queues, dead-letter and retry queues and the exchanges as durable', async () => {
    bus = await createAmqpMessageBus({
      url: amqpUrl,
      connectionName: `homeport-test-${prefix}`,
      ...options(),
    });
    const names = createTopologyNames(prefix);
    const channel = await connection.createChannel();
    const expectedQueues = [
      names.queue(readingsQueue),
      names.deadLetterQueue(readingsQueue),
      names.retryQueue(readingsQueue, 50),
    ].sort();
    for (const queue of expectedQueues) await expect(channel.checkQueue(queue)).resolves.toBeDefined();
    await channel.close();
    expect(await listDurable('queues', prefix)).toEqual(expectedQueues);
    expect(await listDurable('exchanges', prefix)).toEqual(
      [names.exchange(readingTaken.exchange), names.deadLetterExchange].sort(),
    );
  });

  it('a retired queue, with its dead-letter and retry queues, is deleted with what it holds when a bus connects', async () => {
    const connect = (name: string, retired: boolean) =>
      createAmqpMessageBus({
        url: amqpUrl,
        connectionName: `homeport-test-${prefix}${name}`,
        namePrefix: prefix,
        queues: retired ? [] : [readingsQueue],
        retryDelaysMs: [50],
        ...(retired && { retiredQueues: [readingsQueue] }),
      });
    // The version that still reads the queue: it holds a message nobody will read.
    const former = await connect('former', false);
    await former.publish(readingTaken, readingTaken.example);
    await former.close();
    expect((await listDurable('queues', prefix)).length).toBe(3);

    bus = await connect('current', true);
    expect(await listDurable('queues', prefix)).toEqual([]);
    // Connecting again, with nothing left to delete, is no error.
    await bus.close();
    bus = await connect('again', true);
    expect(await listDurable('queues', prefix)).toEqual([]);
  });

  it('when the server closes the connection mid-stream, every message is still handled and the bus keeps working', async () => {
    const connectionName = `homeport-test-${prefix}`;
    const errors: unknown[] = [];
    bus = await createAmqpMessageBus({
      url: amqpUrl,
      connectionName,
      reconnectDelayMs: 100,
      maxInFlight: 50,
      onError: (error) => errors.push(error),
      ...options(),
    });
    const counts = new Map<number, number>();
    await bus.consume(
      readingsQueue,
      {
        [readingTaken.type]: async (payload) => {
          if (!('value' in payload)) return;
          counts.set(payload.value, (counts.get(payload.value) ?? 0) + 1);
          await sleep(2);
        },
        [noteAdded.type]: () => Promise.resolve(),
      },
      { prefetch: 20 },
    );
    const disconnected = (): boolean => errors.some((error) => String(error).includes('CONNECTION_FORCED'));
    const closing = closeConnectionByName(connectionName, 'messaging recovery test');
    const total = 500;
    const publishes: Promise<void>[] = [];
    for (let value = 0; value < total; value += 1) {
      publishes.push(bus.publish(readingTaken, { deviceId: 'stream', value }));
      // Half the stream goes out before the server closes the connection, the rest while it reconnects.
      if (value < total / 2 && !disconnected()) await sleep(10);
    }
    await closing;
    await Promise.all(publishes);
    await waitFor(() => counts.size === total, `all ${total} messages to be handled`, { timeoutMs: 20_000 });
    expect(disconnected()).toBe(true);
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(1);
    // The last messages can be handled on a channel of the new connection before the bus marks it connected.
    const reconnecting = bus;
    await waitFor(() => reconnecting.isConnected(), 'the bus to be connected again');
    expect(await bus.takeDeadLetters(readingsQueue, 10)).toEqual([]);

    await bus.checkReady();
    expect(bus.isConnected()).toBe(true);
    await bus.publish(readingTaken, { deviceId: 'after', value: total });
    await waitFor(() => counts.has(total), 'a message published after the recovery');
  }, 30_000);

  it('when the broker cannot be reached, creation fails as unavailable', async () => {
    await expect(
      createAmqpMessageBus({
        url: 'amqp://guest:guest@127.0.0.1:1',
        connectionName: `homeport-test-${prefix}`,
        connectTimeoutMs: 300,
        reconnectDelayMs: 50,
        queues: [readingsQueue],
      }),
    ).rejects.toMatchObject({ kind: 'unavailable', code: 'MESSAGE_BROKER_UNAVAILABLE' });
  });
});
