import { createPipeline, type Pipeline, serviceSetUpTimeoutMs } from '@homeport/testing';
import {
  buildDeviceTopic,
  maxDevicePayloadBytes,
  type ReportedStatePayload,
  type TelemetryPayload,
} from '@homeport/contracts';
import { createUniqueName } from '@homeport/testing';
import { startMosquitto, type TestMosquitto } from '@homeport/testing';
import { openPipelineStores, type PipelineStores } from './support/stores';
import { e2ePipelineCleanUp, startTestBus, type TestBus } from './support/test-bus';
import { waitFor } from '@homeport/testing';

describe('Mosquitto as the source broker, with fan-out and state-workers as processes', () => {
  let pipeline: Pipeline;
  let stores: PipelineStores;
  let mosquitto: TestMosquitto;
  let testBus: TestBus;
  const vendorId = createUniqueName('vendor');

  beforeAll(async () => {
    pipeline = await createPipeline('e2e_mosquitto', e2ePipelineCleanUp);
    stores = openPipelineStores(pipeline.resources);
    testBus = await startTestBus(pipeline.resources);
    mosquitto = await startMosquitto();
    const services = await Promise.all([
      pipeline.startFanOut({ MQTT_URL: mosquitto.url, PROVIDER: 'homeport', MQTT_CLIENT_ID: 'e2e-fan-out' }),
      pipeline.startStateWorkers(),
    ]);
    await Promise.all(services.map((service) => service.waitForReady()));
  }, serviceSetUpTimeoutMs);

  afterAll(async () => {
    await testBus.close();
    await stores.close();
    await pipeline.close();
    await mosquitto.stop();
  }, 30_000);

  it('what mosquitto_pub publishes reaches PostgreSQL and InfluxDB', async () => {
    const address = { vendorId, deviceId: 'boiler-1' };
    const ts = Date.now();
    const reported: ReportedStatePayload = { seq: 1, ts, state: { flowTemperature: 55, burner: 'on' } };
    const telemetry: TelemetryPayload = { seq: 2, ts: ts + 1, metrics: { flowTemperature: 55.5 } };
    await mosquitto.publish(buildDeviceTopic('reported', address), JSON.stringify(reported));
    await mosquitto.publish(buildDeviceTopic('telemetry', address), JSON.stringify(telemetry));

    await waitFor(
      async () => (await stores.readState(vendorId, address.deviceId)) !== undefined,
      'the state',
    );
    expect((await stores.readState(vendorId, address.deviceId))?.state).toEqual(reported.state);
    await waitFor(
      async () => (await stores.readTelemetry(vendorId, address.deviceId)).length > 0,
      'the point',
    );
    expect((await stores.readTelemetry(vendorId, address.deviceId)).map((point) => point.values)).toEqual([
      expect.objectContaining({ time: ts + 1, flowTemperature: 55.5 }),
    ]);
  }, 30_000);

  it('poison payloads are dead-lettered with the reason, and the good message behind them is stored', async () => {
    const address = { vendorId, deviceId: 'boiler-2' };
    const telemetryTopic = buildDeviceTopic('telemetry', address);
    const oversized: TelemetryPayload = { seq: 3, metrics: { blob: 'x'.repeat(maxDevicePayloadBytes) } };
    await mosquitto.publish(telemetryTopic, 'not json {');
    await mosquitto.publish(telemetryTopic, JSON.stringify({ seq: 2, metrics: 'not a record' }));
    await mosquitto.publish(telemetryTopic, JSON.stringify(oversized));
    const good: TelemetryPayload = { seq: 4, ts: Date.now(), metrics: { flowTemperature: 61 } };
    await mosquitto.publish(telemetryTopic, JSON.stringify(good));

    await waitFor(
      async () => (await stores.readTelemetry(vendorId, address.deviceId)).length > 0,
      'the good point',
    );
    expect((await stores.readTelemetry(vendorId, address.deviceId)).map((point) => point.values)).toEqual([
      expect.objectContaining({ time: good.ts, flowTemperature: 61 }),
    ]);
    const letters = await testBus.takeIngestDeadLetters(3, 5000);
    expect(letters.map((letter) => letter.errorCode).sort()).toEqual([
      'PAYLOAD_INVALID',
      'PAYLOAD_NOT_JSON',
      'PAYLOAD_TOO_LARGE',
    ]);
    for (const letter of letters) expect(letter.reason).toMatch(/\w+/);
    expect(letters.find((letter) => letter.errorCode === 'PAYLOAD_NOT_JSON')?.body).toBe('not json {');
  }, 30_000);
});
