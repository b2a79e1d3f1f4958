import { messageBatchContentType } from '@homeport/contracts';
import { readingTaken } from '../test/test-contracts';
import type { Envelope, OutgoingMessage } from './envelope';
import { createPublishBatcher } from './publish-batcher';

const outgoing = (value: number): OutgoingMessage => ({
  messageId: `reading-${value}`,
  timestamp: 1763719200,
  headers: {},
  json: JSON.stringify({ deviceId: 'sensor-1', value }),
});

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createPublishBatcher', () => {
  it('when one message is published in a turn, it goes out as a plain JSON envelope', async () => {
    const sent: Envelope[] = [];
    const batcher = createPublishBatcher({
      maxBatchBytes: 1024,
      send: (_message, _routingKey, envelope) => Promise.resolve(void sent.push(envelope)),
    });
    await batcher.add(readingTaken, readingTaken.routingKey, outgoing(1));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.properties).toMatchObject({ contentType: 'application/json', messageId: 'reading-1' });
    expect(JSON.parse(sent[0]!.body.toString())).toEqual({ deviceId: 'sensor-1', value: 1 });
  });

  it('when a turn fills more than maxBatchBytes, the messages go out in order in several batches', async () => {
    const sent: Envelope[] = [];
    // About 105 bytes per item with its overhead: two fit in 250 bytes, three do not.
    const batcher = createPublishBatcher({
      maxBatchBytes: 250,
      send: (_message, _routingKey, envelope) => Promise.resolve(void sent.push(envelope)),
    });
    const published = [1, 2, 3, 4, 5].map((value) =>
      batcher.add(readingTaken, readingTaken.routingKey, outgoing(value)),
    );
    expect(sent).toHaveLength(2);
    await nextTurn();
    await Promise.all(published);
    const values = sent.map((envelope) => {
      const body = JSON.parse(envelope.body.toString()) as {
        items?: { payload: { value: number } }[];
        value?: number;
      };
      return body.items?.map((item) => item.payload.value) ?? [body.value];
    });
    expect(values).toEqual([[1, 2], [3, 4], [5]]);
    expect(sent[0]?.properties.contentType).toBe(messageBatchContentType);
  });

  it('when the broker refuses a batch, every publish of it rejects', async () => {
    const batcher = createPublishBatcher({
      maxBatchBytes: 1024,
      send: () => Promise.reject(new Error('channel closed')),
    });
    const published = [1, 2].map((value) =>
      batcher.add(readingTaken, readingTaken.routingKey, outgoing(value)),
    );
    for (const publish of published) await expect(publish).rejects.toThrow('channel closed');
  });
});
