import {
  type BrokerApiProcess,
  brokerApiRegistryReadToken,
  brokerApiToken,
  createPipeline,
  fanOutSourceForBrokerApi,
  type Pipeline,
  serviceSetUpTimeoutMs,
} from '@homeport/testing';
import {
  buildDeviceTopic,
  buildDeviceTopicFilter,
  type DesiredStatePayload,
  type ReportedStatePayload,
  type ShadowResponse,
  type TelemetryPayload,
} from '@homeport/contracts';
import { createUniqueName } from '@homeport/testing';
import {
  connectDevice,
  createBrokerApiClient,
  ensureThermostatProduct,
  provisionDevice,
} from '@homeport/simulator';
import type { ServiceProcess } from '@homeport/testing';
import { openPipelineStores, type PipelineStores } from './support/stores';
import { e2ePipelineCleanUp, startTestBus, type TestBus } from './support/test-bus';
import { waitFor, waitForValue } from '@homeport/testing';

describe('a device provisioned through broker-api, with fan-out and state-workers as processes', () => {
  let pipeline: Pipeline;
  let stores: PipelineStores;
  let testBus: TestBus;
  let broker: BrokerApiProcess;
  let fanOut: ServiceProcess;

  beforeAll(async () => {
    pipeline = await createPipeline('e2e_ingest', e2ePipelineCleanUp);
    testBus = await startTestBus(pipeline.resources);
    stores = openPipelineStores(pipeline.resources);
    // The path through fan-out's MQTT session (the direct ingest is what broker-restart and rabbitmq-away run).
    broker = await pipeline.startBrokerApi({ INGEST_MODE: 'mqtt-subscriber' });
    // fan-out checks each device in broker-api's registry with the read-only token, not the admin one.
    const [stateWorkers, startedFanOut] = await Promise.all([
      pipeline.startStateWorkers(),
      pipeline.startFanOut({
        ...fanOutSourceForBrokerApi(broker.mqttUrl),
        DEVICE_REGISTRY_URL: broker.url,
        DEVICE_REGISTRY_TOKEN: brokerApiRegistryReadToken,
      }),
    ]);
    fanOut = startedFanOut;
    await Promise.all([broker, stateWorkers, fanOut].map((service) => service.waitForReady()));
  }, serviceSetUpTimeoutMs);

  afterAll(async () => {
    await testBus.close();
    await stores.close();
    await pipeline.close();
  }, 30_000);

  it('stores what it reports and measures, announces the change, and gets the desired state', async () => {
    const api = createBrokerApiClient({ baseUrl: broker.url, token: brokerApiToken });
    const vendorId = createUniqueName('vendor');
    await ensureThermostatProduct(api, { vendorId, productId: 'thermostat' });
    const device = await provisionDevice(api, {
      vendorId,
      productId: 'thermostat',
      deviceId: 'thermostat-1',
    });
    const { deviceId } = device;
    const address = { vendorId, deviceId };
    const client = await connectDevice(broker.mqttUrl, device);
    const desired: DesiredStatePayload[] = [];
    client.on('message', (_topic, payload) =>
      desired.push(JSON.parse(payload.toString()) as DesiredStatePayload),
    );
    const granted = await client.subscribeAsync(buildDeviceTopicFilter('desired', address), { qos: 1 });
    expect(granted.map((grant) => grant.qos)).toEqual([1]);

    const ts = Date.now();
    const reported: ReportedStatePayload = { seq: 1, ts, state: { temperature: 21.5, mode: 'heat' } };
    const telemetry: TelemetryPayload = { seq: 2, ts: ts + 1, metrics: { temperature: 21.5, humidity: 40 } };
    await client.publishAsync(buildDeviceTopic('reported', address), JSON.stringify(reported), { qos: 1 });
    await client.publishAsync(buildDeviceTopic('telemetry', address), JSON.stringify(telemetry), { qos: 1 });

    const stored = await waitForValue(() => stores.readState(vendorId, deviceId), 'the state');
    expect(stored.state).toEqual(reported.state);
    // Stored only because the registry check found the device: a refused token holds every message back.
    expect(await fanOut.readMetric('fan_out_device_registry_lookups_total')).toBeGreaterThan(0);
    const cached = await waitForValue(() => stores.readCachedState(vendorId, deviceId), 'the cache');
    expect(cached).toMatchObject({
      vendorId,
      deviceId: deviceId,
      state: reported.state,
      reportedAt: ts,
    });
    const points = await waitForValue(async () => {
      const records = await stores.readTelemetry(vendorId, deviceId);
      return records.length > 0 ? records : undefined;
    }, 'the telemetry point');
    expect(points.map((point) => point.values)).toEqual([
      expect.objectContaining({ time: ts + 1, temperature: 21.5, humidity: 40 }),
    ]);
    await waitFor(() => testBus.stateChanged.length > 0, 'a device.state-changed.v1 event');
    expect(testBus.stateChanged).toEqual([
      expect.objectContaining({ vendorId, deviceId, changed: reported.state, state: reported.state, seq: 1 }),
    ]);

    const put = await api.call('PUT', `/devices/${deviceId}/desired`, { state: { setpoint: 22 } });
    expect(put.status).toBe(200);
    await waitFor(() => desired.length > 0, 'the desired state at the device');
    expect(desired).toEqual([expect.objectContaining({ version: 1, state: { setpoint: 22 } })]);

    const shadow = await waitForValue(async () => {
      const { body } = await api.call<ShadowResponse>('GET', `/devices/${deviceId}/shadow`);
      return body.reported === null ? undefined : body;
    }, 'the reported state in the shadow');
    expect(shadow).toMatchObject({
      desired: { version: 1, state: { setpoint: 22 } },
      reported: { state: reported.state, seq: 1 },
      delta: { setpoint: 22 },
    });
    await client.endAsync();
  }, 60_000);
});
