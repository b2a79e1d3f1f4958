import { createInProcessBroker, createInProcessMessageBus, type MessageBus } from '../src';
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
    publishRaw(exchangeName, routingKey, body, properties) {
      broker.publish(exchangeName, routingKey, { body, properties: { ...properties, headers: {} } });
      return Promise.resolve();
    },
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
