import { deviceReportedV1, deviceTelemetryV1, stateWorkersQueue } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { RunningStateWorkers } from '../src/start-state-workers';
import { countOutcomes } from './events';
import { reported, telemetry } from './fixtures';
import { createSuiteServers, createTestBus, startTestWorkers, type SuiteServers } from './harness';
import { waitFor } from '@homeport/testing';
import { openSuiteStores, type SuiteStores } from './stores';

const devices = ['hub-1', 'hub-2', 'hub-3', 'hub-4'];
const reportsPerDevice = 100;
const slots = 10;

/** Every seq of every device, in a random order. */
function shuffledMessages(): { deviceId: string; seq: number }[] {
  const messages = devices.flatMap((deviceId) =>
    Array.from({ length: reportsPerDevice }, (_, index) => ({ deviceId, seq: index + 1 })),
  );
  for (let index = messages.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [messages[index], messages[other]] = [messages[other]!, messages[index]!];
  }
  return messages;
}

/** The state every device must end with: the newest value of each property. */
function newestState(): Record<string, number> {
  const state: Record<string, number> = { counter: reportsPerDevice };
  for (let seq = reportsPerDevice - slots + 1; seq <= reportsPerDevice; seq += 1) {
    state[`slot${seq % slots}`] = seq;
  }
  return state;
}

describe('state-workers replicas competing on the ingest queue', () => {
  let servers: SuiteServers;
  let stores: SuiteStores;
  let replicas: RunningStateWorkers[] = [];
  let bus: MessageBus;

  beforeAll(async () => {
    servers = await createSuiteServers('sw_compete');
    replicas = await Promise.all([0, 1].map(() => startTestWorkers(servers, { PREFETCH: '50' })));
    stores = openSuiteStores(servers);
    bus = await createTestBus(servers, [stateWorkersQueue]);
  });

  afterAll(async () => {
    await bus.close();
    await Promise.all(replicas.map((replica) => replica.close()));
    await stores.close();
    await servers.drop();
  });

  const handledBy = async (replica: RunningStateWorkers): Promise<number> => {
    const outcomes = ['changed', 'unchanged', 'replayed', 'stale', 'recorded'];
    const counts = await Promise.all(outcomes.map((outcome) => countOutcomes(replica.metrics, outcome)));
    return counts.reduce((sum, count) => sum + count, 0);
  };

  it('when two replicas handle reports of the same devices concurrently and out of order, every device ends with its newest state', async () => {
    const messages = shuffledMessages();
    await Promise.all([
      ...messages.map(({ deviceId, seq }) =>
        bus.publish(deviceReportedV1, reported(deviceId, seq, { counter: seq, [`slot${seq % slots}`]: seq })),
      ),
      ...messages.map(({ deviceId, seq }) =>
        bus.publish(deviceTelemetryV1, telemetry(deviceId, seq, { n: 1, counter: seq })),
      ),
    ]);

    const total = messages.length * 2;
    await waitFor(
      async () => (await Promise.all(replicas.map(handledBy))).reduce((a, b) => a + b) === total,
      `${total} messages handled`,
      { timeoutMs: 30_000 },
    );
    const handled = await Promise.all(replicas.map(handledBy));
    expect(handled.every((count) => count > 0)).toBe(true);
    for (const deviceId of devices) {
      const stored = await stores.readState(deviceId);
      expect({ deviceId, state: stored?.state }).toEqual({ deviceId, state: newestState() });
      const cached = await stores.readCached(deviceId);
      expect({ deviceId, state: cached?.document.state }).toEqual({ deviceId, state: newestState() });
    }
    expect(await stores.countTelemetryPoints()).toEqual(
      Object.fromEntries(devices.map((deviceId) => [deviceId, reportsPerDevice])),
    );
  }, 40_000);
});
