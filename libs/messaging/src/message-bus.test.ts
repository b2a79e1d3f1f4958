import { defineMessage, defineQueue, type ExchangeContract } from '@homeport/contracts';
import { Type } from 'typebox';
import type { MessageHandlers } from './message-bus';

const exchange: ExchangeContract = { name: 'homeport.types', type: 'topic', description: 'Type tests.' };
// The literal `type` is what a contract whose type is derived as a literal looks like.
const counted = {
  ...defineMessage({
    name: 'types.counted',
    version: 1,
    exchange,
    schema: Type.Object({ count: Type.Number() }),
    example: { count: 1 },
    description: 'A count.',
  }),
  type: 'types.counted.v1' as const,
};
const named = {
  ...defineMessage({
    name: 'types.named',
    version: 1,
    exchange,
    schema: Type.Object({ text: Type.String() }),
    example: { text: 'a' },
    description: 'A name.',
  }),
  type: 'types.named.v1' as const,
};
const testQueue = defineQueue({ name: 'types.queue', messages: [counted, named], description: 'Types.' });

describe('MessageHandlers', () => {
  it('when message types are literals, each handler is typed by its own schema and none may be missing', () => {
    const seen: string[] = [];
    const handlers: MessageHandlers<typeof testQueue> = {
      'types.counted.v1': (payload) => {
        seen.push(payload.count.toFixed());
        return Promise.resolve();
      },
      'types.named.v1': (payload) => {
        seen.push(payload.text.toUpperCase());
        return Promise.resolve();
      },
    };
    // @ts-expect-error the handler of types.named.v1 is missing
    const missing: MessageHandlers<typeof testQueue> = { 'types.counted.v1': () => Promise.resolve() };
    const mixedUp: MessageHandlers<typeof testQueue> = {
      // @ts-expect-error a handler of named payloads cannot take counted ones
      'types.counted.v1': (_payload: { text: string }) => Promise.resolve(),
      'types.named.v1': () => Promise.resolve(),
    };
    expect(Object.keys(handlers)).toEqual(testQueue.messages.map((message) => message.type));
    expect(missing).toBeDefined();
    expect(mixedUp).toBeDefined();
  });
});
