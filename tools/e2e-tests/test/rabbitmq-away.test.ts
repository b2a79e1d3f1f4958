import {
  type BrokerApiProcess,
  createPipeline,
  fanOutSourceForBrokerApi,
  type Pipeline,
  serviceSetUpTimeoutMs,
} from '@homeport/testing';
import { e2ePipelineCleanUp } from './support/test-bus';
import { createTcpRelay, type TcpRelay } from '@homeport/testing';
import { createFleet, type Fleet } from './support/fleet';
import type { ServiceProcess } from '@homeport/testing';
import { openPipelineStores, type PipelineStores } from './support/stores';
import { sleep, waitFor } from '@homeport/testing';

const deviceCount = 10;
const perDevice = 300;
const messageCount = deviceCount * perDevice;
/** Longer than the AMQP heartbeat of @homeport/messaging (5 s). */
const outageMs = 7000;

describe('RabbitMQ out of reach of broker-api (direct ingest), fan-out and state-workers for a while, mid-stream', () => {
  let pipeline: Pipeline;
  let stores: PipelineStores;
  let relay: TcpRelay;
  let broker: BrokerApiProcess;
  let relayed: ServiceProcess[];
  let fleet: Fleet;

  beforeAll(async () => {
    pipeline = await createPipeline('e2e_amqp_away', e2ePipelineCleanUp);
    stores = openPipelineStores(pipeline.resources);
    const amqp = new URL(pipeline.resources.urls.amqpUrl);
    relay = await createTcpRelay({ host: amqp.hostname, port: Number(amqp.port || 5672) });
    amqp.port = String(relay.port);
    // broker-api publishes device messages itself (INGEST_MODE=direct): it is cut off too, and fan-out
    // (reading nothing from it then) keeps its place for the mqtt-subscriber mode.
    broker = await pipeline.startBrokerApi({ AMQP_URL: amqp.toString() });
    relayed = await Promise.all([
      pipeline.startFanOut({ ...fanOutSourceForBrokerApi(broker.mqttUrl), AMQP_URL: amqp.toString() }),
      pipeline.startStateWorkers({ AMQP_URL: amqp.toString() }),
      pipeline.startStateWorkers({ AMQP_URL: amqp.toString() }),
    ]);
    relayed.push(broker);
    await Promise.all(relayed.map((service) => service.waitForReady()));
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
      await relay.close();
    }
  }, 30_000);

  it('loses no message the broker accepted, and every service reconnects by itself', async () => {
    const publishing = fleet.publishTelemetry(perDevice);
    await waitFor(async () => (await fleet.countStored()) >= messageCount * 0.2, '20% of the points stored', {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    await relay.pause();
    await sleep(outageMs);
    const readyDuringOutage = await Promise.all(relayed.map((service) => service.isReady()));
    await relay.resume();
    expect(readyDuringOutage).toEqual([false, false, false, false]);

    const acknowledged = await publishing;
    expect([...acknowledged.values()]).toEqual(Array<number>(deviceCount).fill(perDevice));
    await waitFor(
      async () => (await fleet.countStored()) >= messageCount,
      `all ${messageCount} points stored`,
      {
        timeoutMs: 60_000,
        intervalMs: 250,
      },
    );
    expect(Object.fromEntries(await stores.countTelemetryPoints(fleet.vendorId))).toEqual(
      Object.fromEntries(acknowledged),
    );
    await Promise.all(relayed.map((service) => service.waitForReady()));
    expect(relayed.map((service) => service.hasExited())).toEqual([false, false, false, false]);
  }, 120_000);
});
