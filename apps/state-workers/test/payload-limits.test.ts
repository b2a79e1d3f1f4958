import {
  deviceReportedV1,
  deviceTelemetryV1,
  maxDeviceStateBytes,
  stateWorkersQueue,
  telemetryMeasurement,
} from '@homeport/contracts';
import type { DeadLetter, MessageBus } from '@homeport/messaging';
import { waitFor } from '@homeport/testing';
import type { RunningStateWorkers } from '../src/start-state-workers';
import { reported, telemetry } from './fixtures';
import { createSuiteServers, createTestBus, startTestWorkers, type SuiteServers } from './harness';
import { openSuiteStores, type SuiteStores } from './stores';

/** `count` properties of `bytes` characters each, named `${prefix}${index}`. */
function bulkyState(prefix: string, count: number, bytes: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [`${prefix}${index}`, 'x'.repeat(bytes)]),
  );
}

describe('state-workers hold every device to the payload limits without hurting the others', () => {
  let servers: SuiteServers;
  let stores: SuiteStores;
  let workers: RunningStateWorkers;
  let bus: MessageBus;

  const takeLetters = async (count: number): Promise<DeadLetter[]> => {
    const letters: DeadLetter[] = [];
    await waitFor(async () => {
      letters.push(...(await bus.takeDeadLetters(stateWorkersQueue, 10)));
      return letters.length >= count;
    }, `${count} dead letters`);
    return letters;
  };

  beforeAll(async () => {
    servers = await createSuiteServers('sw_limits');
    workers = await startTestWorkers(servers);
    stores = openSuiteStores(servers);
    bus = await createTestBus(servers, [stateWorkersQueue]);
  });

  afterAll(async () => {
    await bus.close();
    await workers.close();
    await stores.close();
    await servers.drop();
  });

  it('a report that would take a device state beyond the 64 KiB budget is dead-lettered alone and the state stays as it was', async () => {
    // 40 KB, then 20 KB more: within the budget. A third 20 KB would take it beyond.
    await bus.publish(deviceReportedV1, reported('boiler-1', 1, bulkyState('a', 10, 4000)));
    await waitFor(async () => (await stores.readState('boiler-1')) !== undefined, 'the first report');
    await bus.publish(deviceReportedV1, reported('boiler-1', 2, bulkyState('b', 5, 4000)));
    await waitFor(async () => (await stores.readState('boiler-1'))?.revision === 2, 'the second report');
    const before = await stores.readState('boiler-1');

    await Promise.all([
      bus.publish(deviceReportedV1, reported('boiler-1', 3, bulkyState('c', 5, 4000))),
      bus.publish(deviceReportedV1, reported('boiler-2', 1, { on: true })),
    ]);

    const [letter] = await takeLetters(1);
    expect(JSON.parse(letter?.body ?? '{}')).toMatchObject({ messageId: 'acme/boiler-1/reported/3' });
    expect(letter).toMatchObject({
      errorCode: 'DEVICE_STATE_TOO_LARGE',
      reason: `state of acme/boiler-1 would exceed the state budget of ${maxDeviceStateBytes} bytes`,
    });
    await waitFor(async () => (await stores.readState('boiler-2')) !== undefined, 'the innocent report');
    expect(await stores.readState('boiler-1')).toEqual(before);
  });

  it('in one batch, a string for a numeric metric is kept apart, a ts far in the future is dead-lettered alone, and the innocent points are written', async () => {
    const farFuture = telemetry('clock-1', 1, { temperature: 21 });
    const future = {
      ...farFuture,
      payload: { ...farFuture.payload, ts: farFuture.receivedAt + 10 * 365 * 86_400_000 },
    };
    await Promise.all([
      bus.publish(deviceTelemetryV1, telemetry('thermo-1', 1, { temperature: 20.5 })),
      bus.publish(deviceTelemetryV1, telemetry('odd-1', 1, { temperature: 'x' })),
      bus.publish(deviceTelemetryV1, future),
      bus.publish(deviceTelemetryV1, telemetry('thermo-2', 1, { temperature: 19 })),
    ]);

    const [letter] = await takeLetters(1);
    expect(letter?.errorCode).toBe('PAYLOAD_TS_INVALID');
    expect(JSON.parse(letter?.body ?? '{}')).toMatchObject({ messageId: farFuture.messageId });
    expect(letter?.reason).toMatch(/^\/ts: ts .* is more than a day ahead of its arrival/);
    const read = async () =>
      (await stores.influx.query(`SELECT * FROM ${telemetryMeasurement} GROUP BY device_id`)).map(
        (record) => [record.tags.device_id, record.values.temperature, record.values['temperature#str']],
      );
    await waitFor(async () => (await read()).length === 3, 'the three points');
    expect((await read()).sort()).toEqual([
      ['odd-1', null, 'x'],
      ['thermo-1', 20.5, null],
      ['thermo-2', 19, null],
    ]);
  });
});
