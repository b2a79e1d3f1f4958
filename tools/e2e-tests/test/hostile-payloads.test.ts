import {
  type BrokerApiProcess,
  brokerApiToken,
  createPipeline,
  createUniqueName,
  fanOutSourceForBrokerApi,
  type Pipeline,
  type ServiceProcess,
  serviceSetUpTimeoutMs,
  startMosquitto,
  type TestMosquitto,
  waitFor,
  waitForValue,
} from '@homeport/testing';
import { buildDeviceTopic, type ReportedStatePayload } from '@homeport/contracts';
import {
  connectDevice,
  createBrokerApiClient,
  ensureThermostatProduct,
  provisionDevice,
} from '@homeport/simulator';
import { openPipelineStores, type PipelineStores } from './support/stores';
import { e2ePipelineCleanUp, startTestBus, type TestBus } from './support/test-bus';

/** The payload of issue 13: about 10 KB, 5,000 nested arrays in a reported state. */
const hostilePayload = (): string =>
  `{"seq":1,"ts":${Date.now()},"state":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`;

describe('a device publishing the payload of issue 13, with broker-api, fan-out and state-workers as processes', () => {
  let pipeline: Pipeline;
  let stores: PipelineStores;
  let testBus: TestBus;
  let broker: BrokerApiProcess;
  let mosquitto: TestMosquitto;
  let services: ServiceProcess[];

  beforeAll(async () => {
    pipeline = await createPipeline('e2e_hostile', e2ePipelineCleanUp);
    testBus = await startTestBus(pipeline.resources);
    stores = openPipelineStores(pipeline.resources);
    mosquitto = await startMosquitto();
    broker = await pipeline.startBrokerApi();
    services = await Promise.all([
      pipeline.startStateWorkers(),
      pipeline.startFanOut(fanOutSourceForBrokerApi(broker.mqttUrl)),
    ]);
    await Promise.all([broker, ...services].map((service) => service.waitForReady()));
    // One at a time: four processes compiling at once may not start in time on a busy machine.
    const fanOutOfMosquitto = await pipeline.startFanOut({
      MQTT_URL: mosquitto.url,
      PROVIDER: 'homeport',
      MQTT_CLIENT_ID: 'e2e-hostile',
    });
    await fanOutOfMosquitto.waitForReady();
    services.push(fanOutOfMosquitto);
  }, serviceSetUpTimeoutMs);

  afterAll(async () => {
    await testBus.close();
    await stores.close();
    await pipeline.close();
    await mosquitto.stop();
  }, 30_000);

  it('broker-api refuses it, every process keeps running, and an innocent device reporting meanwhile is stored', async () => {
    const api = createBrokerApiClient({ baseUrl: broker.url, token: brokerApiToken });
    const vendorId = createUniqueName('vendor');
    await ensureThermostatProduct(api, { vendorId, productId: 'thermostat' });
    const [hostile, innocent] = await Promise.all(
      ['hostile-1', 'innocent-1'].map((deviceId) =>
        provisionDevice(api, { vendorId, productId: 'thermostat', deviceId }),
      ),
    );
    const [hostileClient, innocentClient] = await Promise.all([
      connectDevice(broker.mqttUrl, hostile!),
      connectDevice(broker.mqttUrl, innocent!),
    ]);
    hostileClient.on('error', () => undefined); // the broker closes its connection
    hostileClient.publish(
      buildDeviceTopic('reported', { vendorId, deviceId: 'hostile-1' }),
      hostilePayload(),
      {
        qos: 1,
      },
    );
    const report: ReportedStatePayload = { seq: 1, ts: Date.now(), state: { temperature: 20.5 } };
    await innocentClient.publishAsync(
      buildDeviceTopic('reported', { vendorId, deviceId: 'innocent-1' }),
      JSON.stringify(report),
      { qos: 1 },
    );

    const stored = await waitForValue(() => stores.readState(vendorId, 'innocent-1'), 'the innocent state');
    expect(stored.state).toEqual(report.state);
    await waitFor(async () => (await broker.readMetric('mqtt_refusals_total')) >= 1, 'the refusal counted');
    expect(await stores.readState(vendorId, 'hostile-1')).toBeUndefined();
    expect([broker, ...services].filter((service) => service.hasExited())).toEqual([]);
    await Promise.all([hostileClient.endAsync(true), innocentClient.endAsync()]);
  }, 60_000);

  it('from a third-party broker, fan-out dead-letters it with its code and path and keeps forwarding', async () => {
    const vendorId = createUniqueName('vendor');
    await mosquitto.publish(
      buildDeviceTopic('reported', { vendorId, deviceId: 'hostile-2' }),
      hostilePayload(),
    );
    const report: ReportedStatePayload = { seq: 1, ts: Date.now(), state: { temperature: 19 } };
    await mosquitto.publish(
      buildDeviceTopic('reported', { vendorId, deviceId: 'innocent-2' }),
      JSON.stringify(report),
    );

    const stored = await waitForValue(() => stores.readState(vendorId, 'innocent-2'), 'the innocent state');
    expect(stored.state).toEqual(report.state);
    const [letter] = await testBus.takeIngestDeadLetters(1, 5000);
    expect(letter).toMatchObject({
      errorCode: 'PAYLOAD_TOO_DEEP',
      reason: `/state/a${'/0'.repeat(14)}: nesting deeper than 16`,
    });
    expect([broker, ...services].filter((service) => service.hasExited())).toEqual([]);
  }, 60_000);
});
