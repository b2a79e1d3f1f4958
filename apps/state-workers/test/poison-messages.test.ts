import {
  deviceMessagesExchange,
  deviceReportedV1,
  deviceTelemetryV1,
  stateWorkersQueue,
} from '@homeport/contracts';
import type { DeadLetter, MessageBus } from '@homeport/messaging';
import { readTestServerUrls } from '@homeport/testing';
import amqplib from 'amqplib';
import type { RunningStateWorkers } from '../src/start-state-workers';
import { baseTime, reported, telemetry } from './fixtures';
import { createSuiteServers, createTestBus, startTestWorkers, type SuiteServers } from './harness';
import { waitFor } from '@homeport/testing';
import { openSuiteStores, type SuiteStores } from './stores';

const maxMessageBytes = 4096;

/** A state of `count` properties named `${prefix}${index}`. */
function manyProperties(prefix: string, count: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`${prefix}${index}`, index]));
}

describe('state-workers given messages they cannot store', () => {
  let servers: SuiteServers;
  let stores: SuiteStores;
  let workers: RunningStateWorkers;
  let bus: MessageBus;
  let connection: amqplib.ChannelModel;
  let channel: amqplib.ConfirmChannel;

  beforeAll(async () => {
    servers = await createSuiteServers('sw_poison');
    workers = await startTestWorkers(servers, { MAX_MESSAGE_BYTES: String(maxMessageBytes) });
    stores = openSuiteStores(servers);
    bus = await createTestBus(servers, [stateWorkersQueue]);
    connection = await amqplib.connect(readTestServerUrls().amqpUrl);
    channel = await connection.createConfirmChannel();
  });

  afterAll(async () => {
    await connection.close();
    await bus.close();
    await workers.close();
    await stores.close();
    await servers.drop();
  });

  /** Publishes raw bytes to the ingest exchange with the given AMQP type. */
  const publishRaw = async (body: string, type: string): Promise<void> => {
    const exchange = servers.amqpPrefix + deviceMessagesExchange.name;
    channel.publish(exchange, deviceReportedV1.routingKey, Buffer.from(body), { type, persistent: true });
    await channel.waitForConfirms();
  };

  it('dead-letters each with its reason, and the messages behind them are still stored', async () => {
    await publishRaw('{"messageId": "m-1", "vendorId": ', deviceReportedV1.type);
    await publishRaw(JSON.stringify({ messageId: 'm-2', vendorId: 'acme' }), deviceReportedV1.type);
    await publishRaw(JSON.stringify(reported('valve-1', 1, { open: true })), 'device.exploded.v1');
    const oversized = reported('valve-1', 2, { note: 'x'.repeat(maxMessageBytes) });
    await publishRaw(JSON.stringify(oversized), deviceReportedV1.type);
    await bus.publish(deviceReportedV1, reported('valve-2', 1, manyProperties('a', 200)));
    await waitFor(async () => (await stores.readState('valve-2')) !== undefined, 'the first 200 properties');
    await bus.publish(deviceReportedV1, reported('valve-2', 2, manyProperties('b', 100)));
    await bus.publish(deviceReportedV1, reported('valve-3', 1, { open: false }));

    const letters: DeadLetter[] = [];
    await waitFor(async () => {
      letters.push(...(await bus.takeDeadLetters(stateWorkersQueue, 10)));
      return letters.length >= 5;
    }, 'five dead letters');
    const reasons = Object.fromEntries(letters.map((letter) => [letter.errorCode, letter.reason]));
    expect(reasons).toEqual({
      MESSAGE_NOT_JSON: expect.stringMatching(/not JSON/) as unknown,
      MESSAGE_INVALID: expect.stringMatching(/deviceId/) as unknown,
      MESSAGE_TYPE_UNKNOWN: expect.stringMatching(/device\.exploded\.v1/) as unknown,
      MESSAGE_TOO_LARGE: expect.stringMatching(/exceeds maxPayloadBytes 4096/) as unknown,
      DEVICE_STATE_TOO_LARGE: expect.stringMatching(/exceed 256 properties/) as unknown,
    });
    await waitFor(async () => (await stores.readState('valve-3')) !== undefined, 'the valid report');
    expect((await stores.readState('valve-2'))?.state).toEqual(manyProperties('a', 200));
  });

  it('when one report of a batch cannot be stored, only it is dead-lettered and the others of its batch are stored', async () => {
    // A lone surrogate: valid JSON text to the payload limits, refused by PostgreSQL's jsonb (SQLSTATE 22P02).
    const poison = reported('valve-6', 1, { note: 'a\ud800b' });
    // Published in one turn: one AMQP batch, handled side by side, merged in one call.
    await Promise.all(
      [reported('valve-5', 1, { open: true }), poison, reported('valve-7', 1, { open: false })].map(
        (report) => bus.publish(deviceReportedV1, report, { messageId: report.messageId }),
      ),
    );

    await waitFor(
      async () =>
        (await stores.readState('valve-5')) !== undefined &&
        (await stores.readState('valve-7')) !== undefined,
      'the innocent reports',
    );
    const letters: DeadLetter[] = [];
    await waitFor(async () => {
      letters.push(...(await bus.takeDeadLetters(stateWorkersQueue, 10)));
      return letters.length >= 1;
    }, 'the poison report');
    expect(letters.map((letter) => letter.messageId)).toEqual([poison.messageId]);
    expect(letters[0]?.reason).toMatch(/valve-6/);
    expect(await stores.readState('valve-6')).toBeUndefined();
  });

  it('when InfluxDB refuses a point (field type conflict), only that message is dead-lettered', async () => {
    // The typed layout makes a conflict impossible among its own points; a string field stored under a
    // metric's plain name before it (or by another writer) still refuses numbers in its shard.
    const { url, database } = servers.influx;
    const legacy = `device_telemetry,vendor_id=acme,device_id=legacy-1 n=1,pressure="high" ${baseTime}`;
    await fetch(`${url}/write?db=${database}&precision=ms`, { method: 'POST', body: legacy });
    await bus.publish(deviceTelemetryV1, telemetry('valve-4', 1, { n: 1 }));
    await waitFor(async () => (await stores.countTelemetryPoints())['valve-4'] === 1, 'the first point');

    await Promise.all([
      bus.publish(deviceTelemetryV1, telemetry('valve-4', 2, { n: 1, pressure: 1.5 })),
      bus.publish(deviceTelemetryV1, telemetry('valve-4', 3, { n: 1, level: 1.7 })),
    ]);

    const letters: DeadLetter[] = [];
    await waitFor(async () => {
      letters.push(...(await bus.takeDeadLetters(stateWorkersQueue, 10)));
      return letters.length >= 1;
    }, 'the refused telemetry');
    expect(letters.map((letter) => [letter.errorCode, letter.messageId !== undefined])).toEqual([
      ['INFLUX_REQUEST_INVALID', true],
    ]);
    expect(letters[0]?.reason).toMatch(/field type conflict/);
    await waitFor(async () => (await stores.countTelemetryPoints())['valve-4'] === 2, 'the valid point');
  });
});
