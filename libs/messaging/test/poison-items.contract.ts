import { waitFor } from '@homeport/testing';
import type { DeadLetter, MessageBus } from '../src';
import { noteAdded, readingTaken, readingsQueue } from './test-contracts';
import { takeDeadLetters } from './wait';

/** What the poison tests need from the contract suite of one implementation. */
export interface PoisonTestHarness {
  createBus(options?: { retryDelaysMs?: readonly number[] }): Promise<MessageBus>;
  /** Puts a raw body with the batch content type on the readings' exchange. */
  publishRawBatch(body: string): Promise<void>;
}

/** JSON nested `depth` arrays deep: JSON.parse reads it, JSON.stringify overflows the stack on it. */
function nestedArrays(depth: number): { text: string; value: unknown } {
  let value: unknown = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return { text: `${'['.repeat(depth)}${']'.repeat(depth)}`, value };
}

/**
 * Part of the message bus contract: one poison message (a handler throwing anything, a payload too deep
 * to serialize) is confined to itself; it never takes the other messages of its batch with it, never
 * loops and never stops the consumer.
 */
export function describePoisonItems(harness: () => PoisonTestHarness): void {
  it('items of a batch whose handler throws anything are retried and dead-lettered alone, even one too deep to copy alone; the others are handled once and the consumer goes on', async () => {
    const bus = await harness().createBus({ retryDelaysMs: [20] });
    const item = (messageId: string, payload: string): string =>
      `{"messageId":"${messageId}","payload":${payload}}`;
    const body = `{"items":[${[
      item('good', '{"deviceId":"sensor-1","value":1}'),
      item('plain-error', '{"deviceId":"sensor-1","value":2}'),
      item('not-an-error', '{"deviceId":"sensor-1","value":3}'),
      item('too-deep', `{"deviceId":"sensor-1","value":4,"trace":${nestedArrays(5000).text}}`),
    ].join(',')}]}`;
    const notAnError: unknown = Object.assign(Object.create(null) as object, { status: 'broken' });
    const handled: string[] = [];
    await bus.consume(readingsQueue, {
      [readingTaken.type]: (payload, meta) => {
        handled.push(meta.messageId);
        if (payload.value === 2) throw new Error('sensor offline'); // synchronously, not a rejection
        if (payload.value === 3) throw notAnError;
        return Promise.resolve();
      },
      [noteAdded.type]: () => Promise.resolve(),
    });

    await harness().publishRawBatch(body);
    const letters = await takeDeadLetters(bus, readingsQueue, 3);
    await bus.publish(readingTaken, { deviceId: 'sensor-2', value: 5 }, { messageId: 'next' });
    await waitFor(() => handled.includes('next'), 'the message after the batch');

    const byId = new Map<string | undefined, DeadLetter>(letters.map((letter) => [letter.messageId, letter]));
    expect(byId.get('plain-error')).toMatchObject({ errorCode: 'HANDLER_FAILED', attempts: 2 });
    expect(byId.get('plain-error')?.reason).toContain('sensor offline');
    expect(byId.get('not-an-error')).toMatchObject({ errorCode: 'HANDLER_FAILED', attempts: 2 });
    expect(byId.get('not-an-error')?.reason).toContain("status: 'broken'");
    // Beyond the payload limits, so never handed to the handler; not retried (there is no copy of it alone
    // to retry): kept at once, as its whole batch.
    expect(byId.get('too-deep')).toMatchObject({ errorCode: 'PAYLOAD_TOO_DEEP', attempts: 1, body });
    expect(byId.get('too-deep')?.reason).toMatch(/cannot be copied alone/);
    expect([...handled].sort()).toEqual([
      'good',
      'next',
      'not-an-error',
      'not-an-error',
      'plain-error',
      'plain-error',
    ]);
  });

  it('a publish whose payload cannot be serialized is refused as invalid alone; the others of its turn are delivered', async () => {
    const bus = await harness().createBus();
    const handled: unknown[] = [];
    await bus.consume(readingsQueue, {
      [readingTaken.type]: (payload) => {
        handled.push(payload);
        return Promise.resolve();
      },
      [noteAdded.type]: () => Promise.resolve(),
    });
    const tooDeep = { deviceId: 'sensor-1', value: 2, trace: nestedArrays(5000).value };

    const outcomes = await Promise.allSettled([
      bus.publish(readingTaken, { deviceId: 'sensor-1', value: 1 }),
      bus.publish(readingTaken, tooDeep),
      bus.publish(readingTaken, { deviceId: 'sensor-1', value: 3 }),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]).toMatchObject({ reason: { kind: 'invalid', code: 'MESSAGE_NOT_SERIALIZABLE' } });
    await waitFor(() => handled.length === 2, 'the two other readings');
    expect(handled).toEqual([
      { deviceId: 'sensor-1', value: 1 },
      { deviceId: 'sensor-1', value: 3 },
    ]);
  });
}
