import { createInProcessBroker, createInProcessMessageBus, createStoredMessagePublisher } from '../src';
import { waitFor } from '@homeport/testing';
import { noteAdded, readingTaken, readingsQueue } from './test-contracts';

describe('publishing stored messages (an outbox relay)', () => {
  it('a stored message is published under its own message id, and one of another type is refused', async () => {
    const broker = createInProcessBroker();
    const bus = await createInProcessMessageBus({ broker, namePrefix: 'stored.', queues: [readingsQueue] });
    const publish = createStoredMessagePublisher(bus, [readingTaken]);
    const received: { value: number; messageId: string }[] = [];
    const consumer = await bus.consume(readingsQueue, {
      [readingTaken.type]: (reading, meta) => {
        received.push({ value: reading.value, messageId: meta.messageId });
        return Promise.resolve();
      },
      [noteAdded.type]: () => Promise.resolve(),
    });

    await publish({
      messageType: readingTaken.type,
      messageId: 'outbox/1',
      payload: { deviceId: 'sensor-1', value: 7 },
    });
    await expect(
      publish({ messageType: noteAdded.type, messageId: 'outbox/2', payload: { text: 'hi' } }),
    ).rejects.toThrow(`a stored message of unknown type ${noteAdded.type}`);

    await waitFor(() => received.length === 1, 'the stored message delivered');
    expect(received).toEqual([{ value: 7, messageId: 'outbox/1' }]);
    await consumer.close();
    await bus.close();
    broker.close();
  });
});
