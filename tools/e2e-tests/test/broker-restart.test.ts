import {
  type BrokerApiProcess,
  createPipeline,
  fanOutSourceForBrokerApi,
  findFreePort,
  type Pipeline,
  type ServiceProcess,
  serviceSetUpTimeoutMs,
  waitFor,
} from '@homeport/testing';
import { createFleet, type Fleet } from './support/fleet';
import { openPipelineStores, type PipelineStores } from './support/stores';
import { e2ePipelineCleanUp } from './support/test-bus';

const deviceCount = 10;
const perDevice = 300;
const messageCount = deviceCount * perDevice;

describe('broker-api killed with SIGKILL mid-stream, then restarted on the same port', () => {
  let pipeline: Pipeline;
  let stores: PipelineStores;
  let broker: BrokerApiProcess;
  let services: ServiceProcess[];
  let fleet: Fleet;

  beforeAll(async () => {
    pipeline = await createPipeline('e2e_broker_kill', e2ePipelineCleanUp);
    stores = openPipelineStores(pipeline.resources);
    // A fixed port: the devices and fan-out reconnect to the address they know.
    broker = await pipeline.startBrokerApi({ MQTT_PORT: String(await findFreePort()) });
    services = [
      await pipeline.startFanOut(fanOutSourceForBrokerApi(broker.mqttUrl)),
      await pipeline.startStateWorkers(),
    ];
    await Promise.all([broker, ...services].map((service) => service.waitForReady()));
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

  it(`stores each of ${messageCount} QoS 1 messages once: what had a PUBACK was kept, the rest sent again`, async () => {
    const publishing = fleet.publishTelemetry(perDevice);
    await waitFor(async () => (await fleet.countStored()) >= messageCount * 0.3, '30% of the points stored', {
      timeoutMs: 60_000,
      intervalMs: 50,
    });
    await broker.killHard();
    const restarted = await pipeline.restart(broker);
    // The devices reconnect by themselves and send again what had no PUBACK.
    const acknowledged = await publishing;
    expect([...acknowledged.values()]).toEqual(Array<number>(deviceCount).fill(perDevice));

    await waitFor(
      async () => (await fleet.countStored()) >= messageCount,
      `all ${messageCount} points stored`,
      // Generous: CI runs this beside other projects' suites on 2 cores.
      { timeoutMs: 120_000, intervalMs: 250 },
    ).catch(async (error: unknown) => {
      // A message acknowledged before it was stored is never sent again: it stays missing.
      throw new Error(`${String(error)}; ${await fleet.countStored()} stored`);
    });
    const counts = await stores.countTelemetryPoints(fleet.vendorId);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(acknowledged));
    await restarted.waitForReady();
  }, 240_000);
});
