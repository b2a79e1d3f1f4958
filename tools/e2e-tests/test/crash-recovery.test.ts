import {
  type BrokerApiProcess,
  createPipeline,
  fanOutSourceForBrokerApi,
  type Pipeline,
  serviceSetUpTimeoutMs,
} from '@homeport/testing';
import { e2ePipelineCleanUp } from './support/test-bus';
import { createFleet, type Fleet } from './support/fleet';
import type { ServiceProcess } from '@homeport/testing';
import { openPipelineStores, type PipelineStores } from './support/stores';
import { waitFor } from '@homeport/testing';

const deviceCount = 20;
const perDevice = 500;
const messageCount = deviceCount * perDevice;

/** Where the messages are, for a failure message: stored count, and each service's counters and last logs. */
async function describePipeline(services: readonly ServiceProcess[], stored: number): Promise<string> {
  const metrics = [
    'fan_out_messages_forwarded_total',
    'fan_out_messages_in_flight',
    'fan_out_publish_retries_total',
    'state_workers_messages_total',
    'state_workers_message_failures_total',
  ];
  const lines = await Promise.all(
    services.map(async (service) => {
      const values = await Promise.all(
        metrics.map(async (name) => `${name}=${await service.readMetric(name).catch(() => NaN)}`),
      );
      return `${service.options.label}: ${values.join(' ')}\n${service.logTail()}`;
    }),
  );
  return `${stored} stored\n${lines.join('\n')}`;
}

describe('a state-workers replica and a fan-out replica killed with SIGKILL mid-stream, then restarted', () => {
  let pipeline: Pipeline;
  let stores: PipelineStores;
  let broker: BrokerApiProcess;
  let fleet: Fleet;
  let workers: ServiceProcess[];
  let fanOuts: ServiceProcess[];

  beforeAll(async () => {
    pipeline = await createPipeline('e2e_crash', e2ePipelineCleanUp);
    stores = openPipelineStores(pipeline.resources);
    broker = await pipeline.startBrokerApi();
    // Two fan-out replicas sharing two partitions, two state-workers competing on the queue.
    fanOuts = await Promise.all(
      [1, 2].map(() => pipeline.startFanOut(fanOutSourceForBrokerApi(broker.mqttUrl))),
    );
    workers = await Promise.all([pipeline.startStateWorkers(), pipeline.startStateWorkers()]);
    await Promise.all([broker, ...fanOuts, ...workers].map((service) => service.waitForReady()));
    fleet = await createFleet(broker, stores, deviceCount);
  }, serviceSetUpTimeoutMs);

  afterAll(async () => {
    // The pipeline's processes are stopped even when the set-up failed before the fleet was made (else they
    // outlive the run and jest never exits).
    try {
      await fleet.disconnect();
    } finally {
      await stores.close();
      await pipeline.close();
    }
  }, 30_000);

  it(`stores each of ${messageCount} QoS 1 telemetry messages exactly once, none missing`, async () => {
    const startedAt = performance.now();
    const publishing = fleet.publishTelemetry(perDevice);
    await waitFor(async () => (await fleet.countStored()) >= messageCount * 0.3, '30% of the points stored', {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    const [killedWorker] = workers;
    const [killedFanOut] = fanOuts;
    if (killedWorker === undefined || killedFanOut === undefined) throw new Error('no replica to kill');
    await Promise.all([killedWorker.killHard(), killedFanOut.killHard()]);
    const storedAtKill = await fleet.countStored();
    const killedAfterMs = performance.now() - startedAt;
    const restarted = await Promise.all([pipeline.restart(killedWorker), pipeline.restart(killedFanOut)]);
    const acknowledged = await publishing;
    const publishedAfterMs = performance.now() - startedAt;
    expect([...acknowledged.values()]).toEqual(Array<number>(deviceCount).fill(perDevice));

    const running = [broker, ...restarted, ...workers.slice(1), ...fanOuts.slice(1)];
    await waitFor(
      async () => (await fleet.countStored()) >= messageCount,
      `all ${messageCount} points stored`,
      // Generous: CI runs this beside other projects' suites on 2 cores.
      { timeoutMs: 240_000, intervalMs: 250 },
    ).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; ${await describePipeline(running, await fleet.countStored())}`);
    });
    const storedAfterMs = performance.now() - startedAt;
    const counts = await stores.countTelemetryPoints(fleet.vendorId);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(acknowledged));
    for (const service of [...restarted, ...workers.slice(1), ...fanOuts.slice(1)])
      await service.waitForReady();
    const rate = (count: number, ms: number) => Math.round(count / (ms / 1000));
    process.stderr.write(
      `crash-recovery: ${storedAtKill} of ${messageCount} stored after ${Math.round(killedAfterMs)} ms ` +
        `(${rate(storedAtKill, killedAfterMs)}/s) when killed; all acknowledged by the broker after ` +
        `${Math.round(publishedAfterMs)} ms (${rate(messageCount, publishedAfterMs)}/s), all stored after ` +
        `${Math.round(storedAfterMs)} ms (${rate(messageCount, storedAfterMs)}/s end to end)\n`,
    );
  }, 330_000);
});
