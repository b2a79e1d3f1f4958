import {
  deviceEventV1,
  deviceReportedV1,
  deviceTelemetryV1,
  stateWorkersQueue,
  deviceEventMeasurement,
  reportedStateMeasurement,
  telemetryMeasurement,
  toFieldName,
} from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { RunningStateWorkers } from '../src/start-state-workers';
import { collectEvents, countOutcomes, countReportedStages, type SeenEvents } from './events';
import { baseTime, deviceEvent, reported, telemetry } from './fixtures';
import {
  createSuiteServers,
  createTestBus,
  startTestWorkers,
  testEventsQueue,
  type SuiteServers,
} from './harness';
import { waitFor } from '@homeport/testing';
import { openSuiteStores, type SuiteStores } from './stores';

const stages = ['wait', 'merge', 'cache', 'publish', 'history'];

describe('state-workers ingesting device messages', () => {
  let servers: SuiteServers;
  let stores: SuiteStores;
  let workers: RunningStateWorkers;
  let bus: MessageBus;
  let events: SeenEvents;

  beforeAll(async () => {
    servers = await createSuiteServers('sw_ingest');
    workers = await startTestWorkers(servers);
    stores = openSuiteStores(servers);
    bus = await createTestBus(servers, [stateWorkersQueue, testEventsQueue]);
    events = await collectEvents(bus);
  });

  afterAll(async () => {
    await bus.close();
    await workers.close();
    await stores.close();
    await servers.drop();
  });

  const stateEventsOf = (deviceId: string) =>
    events.stateChanged.filter((event) => event.payload.deviceId === deviceId);
  const handled = (outcome: string) => countOutcomes(workers.metrics, outcome);

  it('when a report and telemetry are published, the state is in PostgreSQL and Redis, the point in InfluxDB, and both events are published', async () => {
    await bus.publish(deviceReportedV1, reported('thermo-1', 1, { temperature: 20.5, mode: 'heat' }));
    const metrics = { n: 1, temperature: 20.64, heating: true, firmware: '1.2.0' };
    await bus.publish(deviceTelemetryV1, telemetry('thermo-1', 2, metrics));

    await waitFor(
      () => stateEventsOf('thermo-1').length === 1 && events.telemetryRecorded.length === 1,
      'both events',
    );
    const expectedState = { temperature: 20.5, mode: 'heat' };
    expect(await stores.readState('thermo-1')).toEqual({ state: expectedState, revision: 1 });
    expect(await stores.readCached('thermo-1')).toEqual({
      revision: 1,
      document: {
        vendorId: 'acme',
        deviceId: 'thermo-1',
        state: expectedState,
        revision: 1,
        seq: 1,
        reportedAt: baseTime + 1000,
        storedAt: expect.any(Number) as unknown,
      },
    });
    const points = await stores.influx.query(
      `SELECT * FROM ${telemetryMeasurement} WHERE device_id = 'thermo-1'`,
    );
    expect(points.map((point) => point.values)).toEqual([
      {
        time: baseTime + 2000,
        vendor_id: 'acme',
        device_id: 'thermo-1',
        ...Object.fromEntries(
          Object.entries(metrics).map(([name, value]) => [toFieldName(name, value), value]),
        ),
      },
    ]);
    expect(stateEventsOf('thermo-1')[0]?.payload).toEqual({
      vendorId: 'acme',
      deviceId: 'thermo-1',
      changed: expectedState,
      state: expectedState,
      seq: 1,
      reportedAt: baseTime + 1000,
      receivedAt: baseTime + 1150,
    });
    expect(events.telemetryRecorded[0]?.payload).toEqual({
      vendorId: 'acme',
      deviceId: 'thermo-1',
      metrics,
      at: baseTime + 2000,
    });
  });

  it('a handled report is timed in each stage of its path on /metrics', async () => {
    const before = await countReportedStages(workers.metrics);
    await bus.publish(deviceReportedV1, reported('thermo-timed', 1, { temperature: 19.5 }));
    await waitFor(() => stateEventsOf('thermo-timed').length === 1, 'the state-changed event');

    await waitFor(async () => {
      const after = await countReportedStages(workers.metrics);
      return stages.every((stage) => (after[stage] ?? 0) === (before[stage] ?? 0) + 1);
    }, 'one more report timed in wait, merge, cache, publish and history');
  });

  it('when a device event is published, it is stored as a point at its received-at time (it has no ts)', async () => {
    const message = deviceEvent('thermo-2', 5, 'window_open_detected');
    await bus.publish(deviceEventV1, message);

    let points: Awaited<ReturnType<typeof stores.influx.query>> = [];
    await waitFor(async () => {
      points = await stores.influx.query(
        `SELECT * FROM ${deviceEventMeasurement} WHERE device_id = 'thermo-2'`,
      );
      return points.length > 0;
    }, 'the event point');
    expect(points.map((point) => point.values)).toEqual([
      {
        time: message.receivedAt,
        vendor_id: 'acme',
        device_id: 'thermo-2',
        event: 'window_open_detected',
        severity: 'warning',
        data: '{"temperatureDropCelsius":2.1}',
        message_id: message.messageId,
      },
    ]);
  });

  it('when an older report arrives after a newer one, it only sets the properties the newer one did not', async () => {
    await bus.publish(deviceReportedV1, reported('thermo-3', 10, { temperature: 22, mode: 'eco' }));
    await waitFor(async () => (await stores.readState('thermo-3')) !== undefined, 'the first state');
    const staleBefore = await handled('stale');

    await bus.publish(deviceReportedV1, reported('thermo-3', 9, { temperature: 18, battery: 80 }));
    await bus.publish(deviceReportedV1, reported('thermo-3', 8, { temperature: 15, mode: 'off' }));

    await waitFor(async () => (await handled('stale')) === staleBefore + 1, 'the stale report');
    // The event goes out after the state is stored and cached (record-reported-state.ts): the stored
    // revision alone does not mean the cache is written yet.
    await waitFor(() => stateEventsOf('thermo-3').length === 2, 'two state events');
    const expectedState = { temperature: 22, mode: 'eco', battery: 80 };
    expect(await stores.readState('thermo-3')).toEqual({ state: expectedState, revision: 2 });
    expect((await stores.readCached('thermo-3'))?.document.state).toEqual(expectedState);
    expect(stateEventsOf('thermo-3').map((event) => event.payload.changed)).toEqual([
      { temperature: 22, mode: 'eco' },
      { battery: 80 },
    ]);
  });

  it('when the same report arrives twice, the second changes nothing and re-publishes the recorded event with the same id', async () => {
    const message = reported('thermo-4', 3, { setpoint: 21 });
    await bus.publish(deviceReportedV1, message);
    await waitFor(() => stateEventsOf('thermo-4').length === 1, 'the state event');
    const before = {
      stored: await stores.readState('thermo-4'),
      cached: await stores.readCached('thermo-4'),
    };

    await bus.publish(deviceReportedV1, message);

    await waitFor(() => stateEventsOf('thermo-4').length === 2, 'the re-published event');
    expect(await stores.readState('thermo-4')).toEqual(before.stored);
    expect(await stores.readCached('thermo-4')).toEqual(before.cached);
    const [first, second] = stateEventsOf('thermo-4');
    expect(second).toEqual(first);
  });

  it('when the same telemetry arrives twice, InfluxDB keeps one point', async () => {
    const message = telemetry('thermo-5', 7, { n: 1, humidity: 41.2 });
    await bus.publish(deviceTelemetryV1, message);
    await bus.publish(deviceTelemetryV1, message);

    const recordedOf = () =>
      events.telemetryRecorded.filter((event) => event.payload.deviceId === 'thermo-5');
    await waitFor(() => recordedOf().length === 2, 'two telemetry-recorded events');
    expect(await stores.countTelemetryPoints()).toMatchObject({ 'thermo-5': 1 });
    expect(recordedOf()[1]?.messageId).toBe(recordedOf()[0]?.messageId);
  });

  it('when reports arrive late and twice, each is in the device_state history once, at its own time, its numbers and booleans only', async () => {
    const newest = reported('thermo-6', 2, { setpoint: 21, heating: true, mode: 'heat' });
    await bus.publish(deviceReportedV1, newest);
    await waitFor(async () => (await stores.readState('thermo-6')) !== undefined, 'the first state');
    const before = { stale: await handled('stale'), replayed: await handled('replayed') };

    await bus.publish(deviceReportedV1, reported('thermo-6', 1, { setpoint: 20, heating: false }));
    await bus.publish(deviceReportedV1, newest);

    await waitFor(
      async () =>
        (await handled('stale')) === before.stale + 1 && (await handled('replayed')) === before.replayed + 1,
      'the late report and the redelivery',
    );
    const points = await stores.influx.query(
      `SELECT setpoint, heating, mode FROM ${reportedStateMeasurement} WHERE device_id = 'thermo-6'`,
    );
    // The string property is not recorded: InfluxDB has no `mode` field to show.
    expect(points.map((point) => point.values)).toEqual([
      { time: baseTime + 1000, setpoint: 20, heating: 0, mode: null },
      { time: baseTime + 2000, setpoint: 21, heating: 1, mode: null },
    ]);
  });

  it('/ready reports every dependency up and /metrics counts the messages handled', async () => {
    const ready = await fetch(`${workers.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: {
        rabbitmq: { status: 'up' },
        postgres: { status: 'up' },
        redis: { status: 'up' },
        influxdb: { status: 'up' },
      },
    });
    const metrics = await (await fetch(`${workers.url}/metrics`)).text();
    expect(metrics).toMatch(/state_workers_messages_total\{type="device.reported.v1",outcome="changed"/);
  });
});
