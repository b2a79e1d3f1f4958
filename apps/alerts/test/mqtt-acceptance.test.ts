import { buildDeviceTopic } from '@homeport/contracts';
import {
  brokerApiRegistryReadToken,
  brokerApiToken,
  fanOutSourceForBrokerApi,
  requestJson,
  sleep,
  waitFor,
} from '@homeport/testing';
import mqtt, { type MqttClient } from 'mqtt';
import type { RunningWorker } from '@homeport/service-runtime';
import { createHarness, type AlertListeners, type Harness, type TestDevice } from './support/harness';

// The acceptance through the whole pipeline: real MQTT devices on broker-api, fan-out's MQTT session
// to it, RabbitMQ, state-workers (device.state-changed), broker-api's presence events, and alerts.
describe('alerts of devices reporting over MQTT through broker-api, fan-out and state-workers', () => {
  let harness: Harness;
  let alerts: AlertListeners;
  let service: RunningWorker;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    // A lost connection is announced offline after a 1 s grace (30 s in production): the offline test's wait.
    harness = await createHarness(
      'alerts_mqtt',
      {},
      { INGEST_MODE: 'mqtt-subscriber', DEVICE_OFFLINE_GRACE_MS: '1000' },
    );
    const { pipeline, brokerApi } = harness;
    const started = await Promise.all([
      pipeline.startStateWorkers(),
      pipeline.startFanOut({
        ...fanOutSourceForBrokerApi(brokerApi.mqttUrl),
        DEVICE_REGISTRY_URL: brokerApi.url,
        DEVICE_REGISTRY_TOKEN: brokerApiRegistryReadToken,
      }),
    ]);
    await Promise.all([brokerApi, ...started].map((process) => process.waitForReady()));
    alerts = await harness.listenToAlerts();
    service = await harness.startService();
  }, 90_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await harness.close();
  }, 30_000);

  const secrets = new Map<string, string>();

  /** Connects the device with the credential issued for it at its first connection (no automatic reconnection). */
  async function connect(device: TestDevice): Promise<MqttClient> {
    let secret = secrets.get(device.deviceId);
    if (secret === undefined) {
      const issued = await requestJson<{ secret: string }>(
        harness.brokerApi.url,
        'POST',
        `/devices/${device.deviceId}/credentials`,
        { token: brokerApiToken },
      );
      secret = issued.body.secret;
      secrets.set(device.deviceId, secret);
    }
    const client = await mqtt.connectAsync(harness.brokerApi.mqttUrl, {
      protocolVersion: 4,
      clientId: device.deviceId,
      username: device.deviceId,
      password: secret,
      reconnectPeriod: 0,
    });
    clients.push(client);
    return client;
  }

  let seq = 0;
  const report = (client: MqttClient, device: TestDevice, temperature: number) =>
    client.publishAsync(
      buildDeviceTopic('reported', device),
      JSON.stringify({ seq: (seq += 1), ts: Date.now(), state: { temperature } }),
      { qos: 1 },
    );

  it('4 °C for longer than a 3 s for fires once, 8 °C resolves once, 4.5↔6.5 °C (clear above 7) brings nothing', async () => {
    const device = await harness.provisionDevice();
    const client = await connect(device);
    await harness.createRule(service.url, device, { forSeconds: 3, clear: { operator: '>', value: 7 } });
    const startedAt = Date.now();
    await report(client, device, 4);
    await waitFor(() => alerts.firedFor(device.deviceId).length === 1, 'alert.fired', { timeoutMs: 15_000 });
    expect(alerts.firedFor(device.deviceId)[0]?.firedAt).toBeGreaterThanOrEqual(startedAt + 3000);

    await report(client, device, 8);
    await waitFor(() => alerts.resolvedFor(device.deviceId).length === 1, 'alert.resolved', {
      timeoutMs: 15_000,
    });
    // Cold at 0, 2 and 4 s (a `for` counted from the first cold reading would fire at 4 s), warm last; then
    // past the last cold reading's 3 s, with the pipeline's latency.
    for (let round = 0; round < 6; round += 1) {
      await report(client, device, round % 2 === 0 ? 4.5 : 6.5);
      await sleep(1000);
    }
    await sleep(4000);
    expect(alerts.firedFor(device.deviceId)).toHaveLength(1);
    expect(alerts.resolvedFor(device.deviceId)).toHaveLength(1);
  }, 60_000);

  it('a device whose socket is destroyed without DISCONNECT is offline after 2 s, resolved when it reconnects', async () => {
    const device = await harness.provisionDevice();
    const client = await connect(device);
    await harness.createRule(service.url, device, {
      name: 'Unreachable',
      condition: { kind: 'offline', afterSeconds: 2 },
      message: '{device} is offline',
    });
    await sleep(500);
    const lostAt = Date.now();
    client.stream.destroy();
    await waitFor(() => alerts.firedFor(device.deviceId).length === 1, 'offline alert', {
      timeoutMs: 15_000,
    });
    expect(alerts.firedFor(device.deviceId)[0]).toMatchObject({ condition: 'offline' });
    expect(alerts.firedFor(device.deviceId)[0]?.firedAt).toBeGreaterThanOrEqual(lostAt + 2000);

    await connect(device);
    await waitFor(() => alerts.resolvedFor(device.deviceId).length === 1, 'resolved on reconnecting', {
      timeoutMs: 15_000,
    });
    expect(alerts.firedFor(device.deviceId)).toHaveLength(1);
  }, 60_000);
});
