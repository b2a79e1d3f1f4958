import { AppError } from '@homeport/errors';
import {
  createInProcessBroker,
  createInProcessMessageBus,
  type Consumer,
  type InProcessBroker,
  type MessageBus,
} from '../src';
import { waitFor } from '@homeport/testing';
import { describeMessageBusContract } from './message-bus.contract';
import { noteAdded, readingTaken, readingsQueue } from './test-contracts';

describeMessageBusContract('in-process message bus', () => {
  const broker = createInProcessBroker();
  let buses: MessageBus[] = [];
  return Promise.resolve({
    async createBus(options) {
      const bus = await createInProcessMessageBus({ broker, ...options });
      buses.push(bus);
      return bus;
    },
    publishRaw: (exchangeName, routingKey, body, properties) =>
      broker.publish(exchangeName, routingKey, { body, properties: { ...properties, headers: {} } }),
    countMessages: (queueName) => Promise.resolve(broker.countMessages(queueName)),
    async cleanUp() {
      await Promise.all(buses.map((bus) => bus.close()));
      buses = [];
    },
    close() {
      broker.close();
      return Promise.resolve();
    },
  });
});

describe('the in-process broker', () => {
  it('counts a queue’s messages until each is acknowledged, so a host can wait for it to drain', async () => {
    const broker = createInProcessBroker();
    const bus = await createInProcessMessageBus({ broker, namePrefix: 'drain.', queues: [readingsQueue] });
    const queueName = `drain.${readingsQueue.name}`;
    await bus.publish(readingTaken, { deviceId: 'sensor-1', value: 1 });
    await bus.publish(readingTaken, { deviceId: 'sensor-1', value: 2 });
    expect(broker.countMessages(queueName)).toBe(2);

    const handled: number[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const consumer = await bus.consume(readingsQueue, {
      [readingTaken.type]: async (reading) => {
        handled.push(reading.value);
        await held;
      },
      [noteAdded.type]: () => Promise.resolve(),
    });
    await waitFor(() => handled.length === 2, 'both delivered');
    expect(broker.countMessages(queueName)).toBe(2);

    release();
    await waitFor(() => broker.countMessages(queueName) === 0, 'the queue drained');
    await consumer.close();
    await bus.close();
    broker.close();
  });
});

describe('the in-process broker routing a routing key again', () => {
  it('when a queue is bound after messages were routed, the next message with that key reaches it too', async () => {
    const broker = createInProcessBroker();
    await broker.assertExchange('routing.test', 'topic', { durable: true });
    await broker.assertQueue('routing.first', { durable: true, arguments: {} });
    await broker.bindQueue('routing.first', 'routing.test', 'reading.#');
    const envelope = { body: Buffer.from('{}'), properties: {} };
    await broker.publish('routing.test', 'reading.taken', envelope);

    await broker.assertQueue('routing.second', { durable: true, arguments: {} });
    await broker.bindQueue('routing.second', 'routing.test', 'reading.*');
    await broker.publish('routing.test', 'reading.taken', envelope);

    expect(broker.countMessages('routing.first')).toBe(2);
    expect(broker.countMessages('routing.second')).toBe(1);
    broker.close();
  });
});

describe('an in-process queue that confirms after handling', () => {
  const prefix = 'confirm.';
  const queueName = `${prefix}${readingsQueue.name}`;
  let broker: InProcessBroker;
  let bus: MessageBus;
  let consumer: Consumer | undefined;

  beforeEach(async () => {
    broker = createInProcessBroker({
      confirmAfterHandling: { queues: [queueName], types: [readingTaken.type] },
    });
    bus = await createInProcessMessageBus({
      broker,
      namePrefix: prefix,
      queues: [readingsQueue],
      retryDelaysMs: [20, 20, 20],
    });
  });

  afterEach(async () => {
    await consumer?.close();
    consumer = undefined;
    await bus.close();
    broker.close();
  });

  /** Consumes readings with `handle`; notes are accepted and ignored. */
  const consumeReadings = async (handle: (value: number) => Promise<void>) => {
    consumer = await bus.consume(readingsQueue, {
      [readingTaken.type]: (reading) => handle(reading.value),
      [noteAdded.type]: () => Promise.resolve(),
    });
  };
  const track = (publishing: Promise<void>) => {
    const state = { confirmed: false };
    void publishing.then(() => (state.confirmed = true));
    return state;
  };

  it('confirms a publish only once its consumer handled the message', async () => {
    const publish = track(bus.publish(readingTaken, { deviceId: 'sensor-1', value: 1 }));
    await waitFor(() => broker.countMessages(queueName) === 1, 'the message queued');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    await consumeReadings(async (value) => {
      handled.push(value);
      await held;
    });
    await waitFor(() => handled.length === 1, 'the message delivered');
    expect(publish.confirmed).toBe(false);

    release();
    await waitFor(() => publish.confirmed, 'the publish confirmed');
  });

  it('confirms a message that failed once only after its retry was handled', async () => {
    const attempts: number[] = [];
    let failing = true;
    await consumeReadings((value) => {
      attempts.push(value);
      if (failing) throw new AppError('unavailable', 'STORE_DOWN', 'the store is down');
      return Promise.resolve();
    });
    const publish = track(bus.publish(readingTaken, { deviceId: 'sensor-1', value: 2 }));
    await waitFor(() => attempts.length >= 2, 'the message retried');
    expect(publish.confirmed).toBe(false);

    failing = false;
    await waitFor(() => publish.confirmed, 'the publish confirmed');
    expect(await bus.takeDeadLetters(readingsQueue, 10)).toEqual([]);
  });

  it('confirms a message its consumer refused once it is a dead letter', async () => {
    await consumeReadings(() => Promise.reject(new AppError('invalid', 'READING_REFUSED', 'no')));
    await bus.publish(readingTaken, { deviceId: 'sensor-1', value: 3 });
    const [letter] = await bus.takeDeadLetters(readingsQueue, 10);
    expect(letter?.errorCode).toBe('READING_REFUSED');
  });

  it('fails the publish of a message still queued when the broker closes', async () => {
    const publishing = bus.publish(readingTaken, { deviceId: 'sensor-1', value: 4 });
    await waitFor(() => broker.countMessages(queueName) === 1, 'the message queued');
    broker.close();
    await expect(publishing).rejects.toThrow('closed with the message still queued');
  });
});
