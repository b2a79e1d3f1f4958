import { createInProcessBroker, createInProcessMessageBus, type MessageBus } from '../src';
import { describeMessageBusContract } from './message-bus.contract';

describeMessageBusContract('in-process message bus', () => {
  const broker = createInProcessBroker();
  let buses: MessageBus[] = [];
  return Promise.resolve({
    async createBus(options) {
      const bus = await createInProcessMessageBus({ broker, ...options });
      buses.push(bus);
      return bus;
    },
    publishRaw(exchangeName, routingKey, body, type) {
      broker.publish(exchangeName, routingKey, { body, properties: { type, headers: {} } });
      return Promise.resolve();
    },
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
