import { deviceReportedV1, deviceTelemetryV1, stateWorkersQueue } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import { collectEvents, type SeenEvents } from './events';
import { reported, telemetry } from './fixtures';
import { createSuiteServers, createTestBus, testEventsQueue, type SuiteServers } from './harness';
import { waitFor } from '@homeport/testing';
import { openSuiteStores, type SuiteStores } from './stores';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

const devices = ['boiler-1', 'boiler-2', 'boiler-3', 'boiler-4'];
/** Telemetry messages (and as many reports): N points must end in InfluxDB. */
const messageCount = 2000;
const perDevice = messageCount / devices.length;
const slots = 10;

function expectedState(): Record<string, number> {
  const state: Record<string, number> = { counter: perDevice };
  for (let seq = perDevice - slots + 1; seq <= perDevice; seq += 1) state[`slot${seq % slots}`] = seq;
  return state;
}

describe('a state-workers process killed with SIGKILL mid-stream', () => {
  let servers: SuiteServers;
  let stores: SuiteStores;
  let bus: MessageBus;
  let events: SeenEvents;
  const processes: WorkerProcess[] = [];

  beforeAll(async () => {
    servers = await createSuiteServers('sw_crash');
    stores = openSuiteStores(servers);
    bus = await createTestBus(servers, [stateWorkersQueue, testEventsQueue]);
    events = await collectEvents(bus);
  });

  afterAll(async () => {
    await Promise.all(processes.map((worker) => worker.killHard()));
    await bus.close();
    await stores.close();
    await servers.drop();
  });

  const start = async (): Promise<WorkerProcess> => {
    const worker = await startWorkerProcess({ ...servers.env, LOG_LEVEL: 'info', PREFETCH: '100' });
    processes.push(worker);
    return worker;
  };

  it('after a restart, every message is stored exactly once in effect and nothing is missing', async () => {
    const first = await start();
    const startedAt = performance.now();
    const publishing = Promise.all(
      devices.flatMap((deviceId) =>
        Array.from({ length: perDevice }, (_, index) => index + 1).flatMap((seq) => [
          bus.publish(
            deviceReportedV1,
            reported(deviceId, seq, { counter: seq, [`slot${seq % slots}`]: seq }),
          ),
          bus.publish(deviceTelemetryV1, telemetry(deviceId, seq, { n: 1, counter: seq })),
        ]),
      ),
    );
    const total = messageCount * 2;
    await waitFor(async () => (await first.countHandled()) >= total / 4, 'a quarter handled', {
      timeoutMs: 20_000,
    });
    const handledBeforeKill = await first.countHandled();
    const secondsBeforeKill = (performance.now() - startedAt) / 1000;
    await first.killHard();
    expect(handledBeforeKill).toBeLessThan(total);
    await publishing;

    const second = await start();
    const restartedAt = performance.now();
    const isComplete = async () => {
      const counts = await stores.countTelemetryPoints();
      const states = await Promise.all(devices.map((deviceId) => stores.readState(deviceId)));
      return (
        devices.every((deviceId) => counts[deviceId] === perDevice) &&
        states.every((stored) => stored?.state.counter === perDevice)
      );
    };
    await waitFor(isComplete, 'every message stored', { timeoutMs: 30_000 });
    const handledAfterRestart = await second.countHandled();
    console.info(
      `crash test: ${handledBeforeKill} messages in ${secondsBeforeKill.toFixed(1)} s before the kill ` +
        `(${Math.round(handledBeforeKill / secondsBeforeKill)}/s); ${handledAfterRestart} after the restart in ` +
        `${((performance.now() - restartedAt) / 1000).toFixed(1)} s`,
    );

    for (const deviceId of devices) {
      expect({ deviceId, state: (await stores.readState(deviceId))?.state }).toEqual({
        deviceId,
        state: expectedState(),
      });
      expect({ deviceId, state: (await stores.readCached(deviceId))?.document.state }).toEqual({
        deviceId,
        state: expectedState(),
      });
    }
    expect(await stores.countTelemetryPoints()).toEqual(
      Object.fromEntries(devices.map((deviceId) => [deviceId, perDevice])),
    );
    const recorded = () => new Set(events.telemetryRecorded.map((event) => event.messageId));
    await waitFor(() => recorded().size === messageCount, 'a telemetry-recorded event per message');
    await waitFor(
      () =>
        devices.every((deviceId) =>
          events.stateChanged.some(
            (event) => event.payload.deviceId === deviceId && event.payload.state.counter === perDevice,
          ),
        ),
      'the newest state-changed event of every device',
    );
    expect(await bus.takeDeadLetters(stateWorkersQueue, 10)).toEqual([]);
    expect(await second.stop()).toBe(0);
  }, 90_000);
});
