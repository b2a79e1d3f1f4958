import { defineQueue, messageBatchContentType, type QueueContract } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { createUniqueName } from '@homeport/testing';
import type { ConsumeOptions, DeadLetter, DeliveryMeta, MessageBus } from '../src';
import {
  allFlipsQueue,
  auditRecorded,
  noteAdded,
  onFlipsQueue,
  readingTaken,
  readingsQueue,
  switchFlipped,
} from './test-contracts';
import { describePoisonItems } from './poison-items.contract';
import { takeDeadLetters } from './wait';
import { sleep, waitFor } from '@homeport/testing';

/** How a test creates a bus; names are always prefixed so suites never collide. */
export interface TestBusOptions {
  readonly namePrefix: string;
  readonly queues: readonly QueueContract[];
  readonly maxInFlight?: number;
  readonly retryDelaysMs?: readonly number[];
  readonly maxBatchBytes?: number;
}

/** What each implementation's test file provides to the shared suite. */
export interface MessageBusTestContext {
  createBus(options: TestBusOptions): Promise<MessageBus>;
  /** Puts raw bytes on an exchange (given by its full, prefixed name), bypassing the bus's validation. */
  publishRaw(
    exchangeName: string,
    routingKey: string,
    body: Buffer,
    properties?: { type?: string; contentType?: string },
  ): Promise<void>;
  /** Messages ready in a queue (given by its full, prefixed name). */
  countMessages(queueName: string): Promise<number>;
  /** Closes the buses created so far and removes what they declared. */
  cleanUp(): Promise<void>;
  /** Releases what `setup` made (connections, the in-process broker). */
  close(): Promise<void>;
}

/** Consumes the readings queue and records every payload its handlers get. */
async function consumeRecording(bus: MessageBus, options?: ConsumeOptions): Promise<unknown[]> {
  const handled: unknown[] = [];
  const record = (payload: unknown): Promise<void> => {
    handled.push(payload);
    return Promise.resolve();
  };
  await bus.consume(readingsQueue, { [readingTaken.type]: record, [noteAdded.type]: record }, options);
  return handled;
}

/** The one suite every MessageBus implementation must pass. */
export function describeMessageBusContract(name: string, setup: () => Promise<MessageBusTestContext>): void {
  describe(`${name} (message bus contract)`, () => {
    let context: MessageBusTestContext;
    let prefix: string;
    const exchangeName = (): string => `${prefix}${readingTaken.exchange.name}`;
    const createBus = (options: Partial<TestBusOptions> = {}): Promise<MessageBus> =>
      context.createBus({ namePrefix: prefix, queues: [readingsQueue], ...options });

    beforeAll(async () => {
      context = await setup();
    });
    afterAll(async () => {
      await context.close();
    });
    beforeEach(() => {
      prefix = `${createUniqueName('bus')}.`;
    });
    afterEach(async () => {
      await context.cleanUp();
    });

    describePoisonItems(() => ({
      createBus: (options) => createBus(options),
      publishRawBatch: (body) =>
        context.publishRaw(exchangeName(), readingTaken.routingKey, Buffer.from(body), {
          type: readingTaken.type,
          contentType: messageBatchContentType,
        }),
    }));

    it('when a message is published and confirmed, the consumer gets it once with an equal payload', async () => {
      const bus = await createBus();
      const received: { payload: unknown; meta: DeliveryMeta }[] = [];
      await bus.consume(readingsQueue, {
        [readingTaken.type]: async (payload, meta) => {
          received.push({ payload, meta });
          await Promise.resolve();
        },
        [noteAdded.type]: () => Promise.resolve(),
      });
      const payload = { deviceId: 'sensor-7', value: 19.25 };
      await bus.publish(readingTaken, payload, { messageId: 'reading-1' });
      await waitFor(() => received.length >= 1, 'the reading to arrive');
      await sleep(100);
      expect(received).toHaveLength(1);
      expect(received[0]?.payload).toEqual(payload);
      expect(received[0]?.meta).toMatchObject({
        messageId: 'reading-1',
        type: readingTaken.type,
        attempt: 1,
        redelivered: false,
      });
      expect(received[0]?.meta.publishedAt).toBeInstanceOf(Date);
    });

    it('a payload published with its JSON text as the caller received it arrives as that value, alone or batched', async () => {
      const bus = await createBus();
      const handled = await consumeRecording(bus);
      const text = '{ "deviceId" : "sensor-\\u00e9",\n  "value": 1.5e1 }';
      const payload = JSON.parse(text) as { deviceId: string; value: number };
      await bus.publish(readingTaken, payload, { json: text });
      await Promise.all([
        bus.publish(readingTaken, payload, { json: text }),
        bus.publish(readingTaken, { deviceId: 'sensor-8', value: 2 }),
      ]);
      await waitFor(() => handled.length >= 3, 'the three readings to arrive');
      expect(handled).toEqual([payload, payload, { deviceId: 'sensor-8', value: 2 }]);
      expect(payload).toEqual({ deviceId: 'sensor-é', value: 15 });
    });

    it('a message routed by subkey reaches the queues of every subkey and those taking its subkey only', async () => {
      const bus = await createBus({ queues: [allFlipsQueue, onFlipsQueue] });
      const received = { all: [] as string[], on: [] as string[] };
      const recordInto = (list: string[]) => (flip: { kind: string; at: number }) => {
        list.push(`${flip.kind}@${flip.at}`);
        return Promise.resolve();
      };
      await bus.consume(allFlipsQueue, { [switchFlipped.type]: recordInto(received.all) });
      await bus.consume(onFlipsQueue, { [switchFlipped.type]: recordInto(received.on) });
      // One turn: the two subkeys travel as two batches (a batch has one routing key).
      await Promise.all([
        bus.publish(switchFlipped, { kind: 'on', at: 1 }),
        bus.publish(switchFlipped, { kind: 'off', at: 2 }),
        bus.publish(switchFlipped, { kind: 'on', at: 3 }),
      ]);
      await waitFor(() => received.all.length >= 3 && received.on.length >= 2, 'the flips to arrive');
      await sleep(100);
      expect([...received.all].sort()).toEqual(['off@2', 'on@1', 'on@3']);
      expect([...received.on].sort()).toEqual(['on@1', 'on@3']);
    });

    it('a consumer never runs more handlers at once than its prefetch', async () => {
      const bus = await createBus();
      let running = 0;
      let maxRunning = 0;
      let handled = 0;
      await bus.consume(
        readingsQueue,
        {
          [readingTaken.type]: async () => {
            running += 1;
            maxRunning = Math.max(maxRunning, running);
            await sleep(20);
            running -= 1;
            handled += 1;
          },
          [noteAdded.type]: () => Promise.resolve(),
        },
        { prefetch: 3 },
      );
      await Promise.all(
        Array.from({ length: 15 }, (_, index) =>
          bus.publish(readingTaken, { deviceId: 'sensor-1', value: index }),
        ),
      );
      await waitFor(() => handled === 15, 'all 15 readings to be handled');
      expect(maxRunning).toBe(3);
    });

    it('when a handler fails twice as unavailable, it is retried after the delays and handled on the third attempt', async () => {
      const bus = await createBus({ retryDelaysMs: [50, 100] });
      const attempts: { attempt: number; at: number }[] = [];
      await bus.consume(readingsQueue, {
        [readingTaken.type]: (_payload, meta) => {
          attempts.push({ attempt: meta.attempt, at: Date.now() });
          if (meta.attempt < 3) {
            return Promise.reject(new AppError('unavailable', 'STORE_DOWN', 'store is away'));
          }
          return Promise.resolve();
        },
        [noteAdded.type]: () => Promise.resolve(),
      });
      await bus.publish(readingTaken, { deviceId: 'sensor-1', value: 1 });
      await waitFor(() => attempts.length >= 3, 'the third attempt');
      await sleep(150);
      expect(attempts.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
      const [first, second, third] = attempts;
      // Timers may fire a millisecond early relative to Date.now().
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(48);
      expect(third!.at - second!.at).toBeGreaterThanOrEqual(98);
      expect(await bus.takeDeadLetters(readingsQueue, 10)).toEqual([]);
    });

    it('when every attempt fails, the message is dead-lettered with the last error as reason', async () => {
      const bus = await createBus({ retryDelaysMs: [20, 40] });
      let calls = 0;
      await bus.consume(readingsQueue, {
        [readingTaken.type]: () => {
          calls += 1;
          return Promise.reject(new Error(`sensor offline (${calls})`));
        },
        [noteAdded.type]: () => Promise.resolve(),
      });
      await bus.publish(
        readingTaken,
        { deviceId: 'sensor-1', value: 1 },
        { messageId: 'doomed', headers: { 'x-trace-id': 'trace-1' } },
      );
      const [letter] = await takeDeadLetters(bus, readingsQueue, 1);
      expect(calls).toBe(3);
      expect(letter).toMatchObject({
        queue: `${prefix}${readingsQueue.name}`,
        type: readingTaken.type,
        messageId: 'doomed',
        errorCode: 'HANDLER_FAILED',
        attempts: 3,
      });
      expect(letter?.reason).toContain('sensor offline (3)');
      expect(JSON.parse(letter!.body)).toEqual({ deviceId: 'sensor-1', value: 1 });
      expect(letter?.failedAt).toBeInstanceOf(Date);
      // The message's own headers, without the attempt counter or the broker's x-death history.
      expect(letter?.headers).toEqual({ 'x-trace-id': 'trace-1' });
    });

    it('when a handler refuses a message as invalid, it is dead-lettered at once without retry', async () => {
      const bus = await createBus({ retryDelaysMs: [20] });
      let calls = 0;
      await bus.consume(readingsQueue, {
        [readingTaken.type]: () => {
          calls += 1;
          return Promise.reject(new AppError('invalid', 'DEVICE_UNKNOWN', 'no device sensor-9'));
        },
        [noteAdded.type]: () => Promise.resolve(),
      });
      await bus.publish(readingTaken, { deviceId: 'sensor-9', value: 1 });
      const [letter] = await takeDeadLetters(bus, readingsQueue, 1);
      expect(calls).toBe(1);
      expect(letter).toMatchObject({
        errorCode: 'DEVICE_UNKNOWN',
        reason: 'no device sensor-9',
        attempts: 1,
      });
    });

    it('invalid messages are dead-lettered with a clear reason and the next good message is still handled', async () => {
      const bus = await createBus();
      const handled = await consumeRecording(bus, { maxPayloadBytes: 1024 });
      const key = readingTaken.routingKey;
      const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
      await context.publishRaw(exchangeName(), key, Buffer.from('{not json'), {
        type: readingTaken.type,
      });
      await context.publishRaw(exchangeName(), key, json({ deviceId: 7 }), { type: readingTaken.type });
      await context.publishRaw(exchangeName(), key, json({ deviceId: 'a', value: 1 }), {
        type: 'test.unknown.v9',
      });
      const large = json({ deviceId: 'x'.repeat(2000), value: 1 });
      await context.publishRaw(exchangeName(), key, large, { type: readingTaken.type });
      await bus.publish(readingTaken, { deviceId: 'sensor-1', value: 5 });

      await waitFor(() => handled.length === 1, 'the good message to be handled');
      const letters = await takeDeadLetters(bus, readingsQueue, 4);
      expect(handled).toEqual([{ deviceId: 'sensor-1', value: 5 }]);
      const byCode = new Map<string, DeadLetter>(letters.map((letter) => [letter.errorCode, letter]));
      expect([...byCode.keys()].sort()).toEqual([
        'MESSAGE_INVALID',
        'MESSAGE_NOT_JSON',
        'MESSAGE_TOO_LARGE',
        'MESSAGE_TYPE_UNKNOWN',
      ]);
      expect(byCode.get('MESSAGE_NOT_JSON')?.body).toBe('{not json');
      const schemaReason = byCode.get('MESSAGE_INVALID')?.reason;
      expect(schemaReason).toContain(`payload does not match ${readingTaken.type}`);
      expect(schemaReason).toContain('/deviceId: must be string');
      expect(schemaReason).toMatch(/\/: .*value/);
      expect(byCode.get('MESSAGE_TYPE_UNKNOWN')?.reason).toContain('"test.unknown.v9"');
      expect(byCode.get('MESSAGE_TOO_LARGE')?.reason).toContain('exceeds maxPayloadBytes 1024');
    });

    it('messages of one type published in one turn travel as one batch, and each is handled, retried or dead-lettered on its own', async () => {
      const bus = await createBus({ retryDelaysMs: [20] });
      const queueName = `${prefix}${readingsQueue.name}`;
      await Promise.all(
        [1, 2, 3].map((value) =>
          bus.publish(readingTaken, { deviceId: 'sensor-1', value }, { messageId: `reading-${value}` }),
        ),
      );
      expect(await context.countMessages(queueName)).toBe(1);

      const attempts: { value: number; meta: DeliveryMeta }[] = [];
      await bus.consume(readingsQueue, {
        [readingTaken.type]: (payload, meta) => {
          attempts.push({ value: payload.value, meta });
          if (payload.value === 2) {
            return Promise.reject(new AppError('invalid', 'READING_REFUSED', 'value 2 is refused'));
          }
          if (payload.value === 3 && meta.attempt === 1) {
            return Promise.reject(new AppError('unavailable', 'STORE_DOWN', 'store is away'));
          }
          return Promise.resolve();
        },
        [noteAdded.type]: () => Promise.resolve(),
      });
      const [letter] = await takeDeadLetters(bus, readingsQueue, 1);
      await waitFor(() => attempts.length === 4, 'the retry of reading 3');
      expect(attempts.map(({ value, meta }) => [value, meta.messageId, meta.attempt])).toEqual([
        [1, 'reading-1', 1],
        [2, 'reading-2', 1],
        [3, 'reading-3', 1],
        [3, 'reading-3', 2],
      ]);
      expect(attempts[0]?.meta.publishedAt).toBeInstanceOf(Date);
      expect(letter).toMatchObject({
        type: readingTaken.type,
        messageId: 'reading-2',
        errorCode: 'READING_REFUSED',
        attempts: 1,
      });
      expect(JSON.parse(letter!.body)).toEqual({ deviceId: 'sensor-1', value: 2 });
      await sleep(50);
      expect(attempts).toHaveLength(4);
    });

    it('a batch that is not one is dead-lettered whole; an invalid item of a batch alone', async () => {
      const bus = await createBus();
      const handled = await consumeRecording(bus);
      const publishBatch = (body: unknown): Promise<void> =>
        context.publishRaw(exchangeName(), readingTaken.routingKey, Buffer.from(JSON.stringify(body)), {
          type: readingTaken.type,
          contentType: messageBatchContentType,
        });
      await publishBatch({ items: [] });
      await publishBatch({
        items: [
          { messageId: 'good', payload: { deviceId: 'sensor-1', value: 1 } },
          { messageId: 'bad', payload: { deviceId: 'sensor-1' } },
        ],
      });

      const letters = await takeDeadLetters(bus, readingsQueue, 2);
      const byCode = new Map<string, DeadLetter>(letters.map((letter) => [letter.errorCode, letter]));
      expect(byCode.get('MESSAGE_BATCH_INVALID')?.reason).toContain(`is not a batch of ${readingTaken.type}`);
      expect(byCode.get('MESSAGE_INVALID')).toMatchObject({ messageId: 'bad', attempts: 1 });
      expect(JSON.parse(byCode.get('MESSAGE_INVALID')!.body)).toEqual({ deviceId: 'sensor-1' });
      expect(handled).toEqual([{ deviceId: 'sensor-1', value: 1 }]);
    });

    it('a body beyond the payload limits is dead-lettered alone with the code and path, never handled; a deep item of a batch alone', async () => {
      const bus = await createBus();
      const handled = await consumeRecording(bus);
      const nest = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
      const reading = (extra: string): string => `{"deviceId":"sensor-1","value":1,"extra":${extra}}`;
      const key = readingTaken.routingKey;
      await context.publishRaw(exchangeName(), key, Buffer.from(reading(nest(5000))), {
        type: readingTaken.type,
      });
      await context.publishRaw(exchangeName(), key, Buffer.from('{"deviceId":"sensor-1","__proto__":{}}'), {
        type: readingTaken.type,
      });
      const batch = `{"items":[{"messageId":"deep","payload":${reading(nest(30))}},{"messageId":"good","payload":{"deviceId":"sensor-2","value":2}}]}`;
      await context.publishRaw(exchangeName(), key, Buffer.from(batch), {
        type: readingTaken.type,
        contentType: messageBatchContentType,
      });
      await bus.publish(readingTaken, { deviceId: 'sensor-3', value: 3 });

      await waitFor(() => handled.length === 2, 'the good messages');
      const letters = await takeDeadLetters(bus, readingsQueue, 3);
      expect(handled).toEqual(
        expect.arrayContaining([
          { deviceId: 'sensor-2', value: 2 },
          { deviceId: 'sensor-3', value: 3 },
        ]),
      );
      const summary = letters.map((letter) => [letter.errorCode, letter.messageId ?? null, letter.reason]);
      expect(summary.sort()).toEqual([
        [
          'PAYLOAD_FORBIDDEN_KEY',
          null,
          `payload of ${readingTaken.type} is beyond the limits: /__proto__: property name __proto__ is not allowed`,
        ],
        [
          'PAYLOAD_TOO_DEEP',
          null,
          `body is beyond the limits: /extra${'/0'.repeat(63)}: nesting deeper than 64`,
        ],
        [
          'PAYLOAD_TOO_DEEP',
          'deep',
          `payload of ${readingTaken.type} is beyond the limits: /extra${'/0'.repeat(16)}: nesting deeper than 17`,
        ],
      ]);
      const deepItem = letters.find((letter) => letter.messageId === 'deep');
      expect(deepItem?.body).toBe(reading(nest(30)));
      expect(letters.find((letter) => letter.body.length > 10_000)?.body).toBe(reading(nest(5000)));
    });

    it('a refused item is dead-lettered with its reason, code and headers, attempts 0, and never reaches a consumer', async () => {
      const bus = await createBus();
      const handled = await consumeRecording(bus);
      await bus.deadLetter(readingsQueue, {
        body: '{not json',
        type: readingTaken.type,
        messageId: 'refused-1',
        reason: 'body is not JSON',
        errorCode: 'PAYLOAD_NOT_JSON',
        headers: { 'x-source-topic': 'sensors/7', 'x-homeport-reason': 'the caller cannot set this' },
      });
      await bus.deadLetter(readingsQueue, {
        body: Buffer.from([0x01, 0x02]),
        reason: 'a binary body',
        errorCode: 'PAYLOAD_BINARY',
      });
      await bus.publish(readingTaken, { deviceId: 'sensor-1', value: 2 });

      const letters = await takeDeadLetters(bus, readingsQueue, 2);
      expect(letters[0]).toEqual({
        queue: `${prefix}${readingsQueue.name}`,
        type: readingTaken.type,
        messageId: 'refused-1',
        body: '{not json',
        reason: 'body is not JSON',
        errorCode: 'PAYLOAD_NOT_JSON',
        attempts: 0,
        failedAt: expect.any(Date) as unknown,
        headers: { 'x-source-topic': 'sensors/7' },
      });
      expect(letters[1]).toMatchObject({
        type: undefined,
        messageId: undefined,
        body: '\u0001\u0002',
        reason: 'a binary body',
        errorCode: 'PAYLOAD_BINARY',
        attempts: 0,
        headers: {},
      });
      await waitFor(() => handled.length === 1, 'the published reading');
      expect(handled).toEqual([{ deviceId: 'sensor-1', value: 2 }]);
    });

    it('an operator peeking at dead letters reads the first ones in order and leaves every one in place', async () => {
      const bus = await createBus();
      for (const messageId of ['first', 'second', 'third']) {
        await bus.deadLetter(readingsQueue, {
          body: 'x',
          messageId,
          reason: 'refused',
          errorCode: 'REFUSED',
        });
      }
      const peeked = await bus.peekDeadLetters(readingsQueue, 2);
      expect(peeked.map((letter) => [letter.messageId, letter.reason])).toEqual([
        ['first', 'refused'],
        ['second', 'refused'],
      ]);
      await waitFor(
        async () => (await bus.inspectQueue(readingsQueue))?.deadLetters === 3,
        'the peeked letters back in their queue',
      );
      const taken = await bus.takeDeadLetters(readingsQueue, 10);
      expect(taken.map((letter) => letter.messageId)).toEqual(['first', 'second', 'third']);
    });

    it('inspecting a queue tells its depth and consumers, and nothing of a queue nobody declared', async () => {
      const bus = await createBus();
      await bus.publish(readingTaken, { deviceId: 'sensor-1', value: 1 });
      expect(await bus.inspectQueue(readingsQueue)).toEqual({ messages: 1, consumers: 0, deadLetters: 0 });
      await consumeRecording(bus);
      await waitFor(
        async () => (await bus.inspectQueue(readingsQueue))?.messages === 0,
        'the reading handled',
      );
      expect(await bus.inspectQueue(readingsQueue)).toEqual({ messages: 0, consumers: 1, deadLetters: 0 });
      const undeclared = defineQueue({
        name: 'test.undeclared',
        messages: [noteAdded],
        description: 'None.',
      });
      expect(await bus.inspectQueue(undeclared)).toBeUndefined();
    });

    it("dead-lettering for a queue that is not one of the bus's queues is refused as invalid", async () => {
      const bus = await createBus();
      const otherQueue = defineQueue({
        name: 'test.other',
        messages: [noteAdded],
        description: 'Not declared.',
      });
      await expect(
        bus.deadLetter(otherQueue, { body: 'x', reason: 'refused', errorCode: 'REFUSED' }),
      ).rejects.toMatchObject({ kind: 'invalid', code: 'QUEUE_NOT_DECLARED' });
    });

    it('publishes beyond maxInFlight wait for a slot instead of piling up at the broker', async () => {
      // Each alone: a batch would take one slot for all of them.
      const bus = await createBus({ maxInFlight: 2, maxBatchBytes: 0 });
      let handled = 0;
      await bus.consume(readingsQueue, {
        [readingTaken.type]: () => {
          handled += 1;
          return Promise.resolve();
        },
        [noteAdded.type]: () => Promise.resolve(),
      });
      const publishes = Array.from({ length: 10 }, (_, index) =>
        bus.publish(readingTaken, { deviceId: 'sensor-1', value: index }),
      );
      expect(bus.getPublishStats()).toEqual({ inFlight: 2, waiting: 8 });
      let maxInFlight = 0;
      const sampler = setInterval(() => {
        maxInFlight = Math.max(maxInFlight, bus.getPublishStats().inFlight);
      }, 1);
      await Promise.all(publishes);
      clearInterval(sampler);
      expect(maxInFlight).toBeLessThanOrEqual(2);
      expect(bus.getPublishStats()).toEqual({ inFlight: 0, waiting: 0 });
      await waitFor(() => handled === 10, 'all 10 readings to be handled');
    });

    it('a payload that does not match its schema is refused at publish as invalid', async () => {
      const bus = await createBus();
      const wrong = { deviceId: 'sensor-1', value: 'warm' } as unknown as { deviceId: string; value: number };
      await expect(bus.publish(readingTaken, wrong)).rejects.toMatchObject({
        kind: 'invalid',
        code: 'MESSAGE_INVALID',
      });
    });

    it('a message whose exchange no declared queue uses can still be published', async () => {
      const bus = await createBus();
      await expect(bus.publish(auditRecorded, { action: 'login' })).resolves.toBeUndefined();
    });

    it('a consumer without a handler for every message of its queue is refused', async () => {
      const bus = await createBus();
      const handlers = { [readingTaken.type]: () => Promise.resolve() };
      // @ts-expect-error the types refuse a missing handler; this checks the runtime guard for untyped callers
      await expect(bus.consume(readingsQueue, handlers)).rejects.toMatchObject({ code: 'HANDLER_MISSING' });
    });

    it('closing waits for the handlers in flight, and the closed bus is not ready', async () => {
      const bus = await createBus();
      let finished = false;
      let started = false;
      await bus.consume(readingsQueue, {
        [readingTaken.type]: async () => {
          started = true;
          await sleep(100);
          finished = true;
        },
        [noteAdded.type]: () => Promise.resolve(),
      });
      await bus.checkReady();
      await bus.publish(readingTaken, { deviceId: 'sensor-1', value: 1 });
      await waitFor(() => started, 'the handler to start');
      await bus.close();
      expect(finished).toBe(true);
      expect(bus.isConnected()).toBe(false);
      await expect(bus.checkReady()).rejects.toMatchObject({ kind: 'unavailable' });
      await expect(
        bus.deadLetter(readingsQueue, { body: 'x', reason: 'refused', errorCode: 'REFUSED' }),
      ).rejects.toMatchObject({ kind: 'unavailable', code: 'MESSAGE_BUS_CLOSED' });
    });
  });
}
