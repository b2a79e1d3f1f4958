import { buildDeviceTopic, deviceExamples } from '@homeport/contracts';
import { createLogger } from '@homeport/observability';
import { createUniqueName } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import { buildFanOutHttpApp } from '../src/entry-points/http-app';
import {
  collectEnvelopes,
  createTestEnv,
  deleteTopology,
  startTestFanOut,
  takeDeadLetters,
  type TestFanOut,
  waitUntilSubscribed,
} from './support/fan-out-harness';
import { startMosquitto, type TestMosquitto } from '@homeport/testing';
import { connectPublisher } from './support/publishers';
import { waitFor } from '@homeport/testing';

const acme = { vendorId: 'acme', deviceId: 'thermostat-0042' };

describe.each([
  ['MQTT 5', '5'],
  ['MQTT 3.1.1 (what aedes speaks)', '4'],
])('fan-out over %s in single mode', (_name, protocolVersion) => {
  let mosquitto: TestMosquitto;
  let prefix: string;
  let collector: Awaited<ReturnType<typeof collectEnvelopes>>;
  let fanOut: TestFanOut;
  let publisher: MqttClient;

  beforeAll(async () => {
    mosquitto = await startMosquitto();
    prefix = `${createUniqueName('fan_out_fwd')}.`;
    fanOut = await startTestFanOut(
      createTestEnv({
        MQTT_URL: mosquitto.url,
        AMQP_NAME_PREFIX: prefix,
        MQTT_PROTOCOL_VERSION: protocolVersion,
        MQTT_CLIENT_ID: 'fan-out-fwd',
      }),
    );
    collector = await collectEnvelopes(prefix);
    publisher = await connectPublisher(mosquitto.url);
    await waitUntilSubscribed(fanOut, 'fan-out subscribed');
  });
  afterAll(async () => {
    await publisher.endAsync();
    await fanOut.stop();
    await collector.close();
    await deleteTopology(prefix);
    await mosquitto.stop();
  });
  beforeEach(() => {
    collector.received.length = 0;
  });

  it('messages from mosquitto_pub and mqtt.js reach RabbitMQ as valid contract envelopes', async () => {
    const before = Date.now();
    await mosquitto.publish(buildDeviceTopic('reported', acme), JSON.stringify(deviceExamples.reported));
    await mosquitto.publish(buildDeviceTopic('event', acme), JSON.stringify(deviceExamples.event));
    const telemetry = { metrics: { temperature: 20.5 } }; // no seq: the message id is a hash
    await publisher.publishAsync(buildDeviceTopic('telemetry', acme), JSON.stringify(telemetry), { qos: 1 });

    await waitFor(() => collector.received.length === 3, 'three envelopes');
    const byType = new Map(collector.received.map((received) => [received.type, received]));
    expect(byType.get('device.reported.v1')?.envelope).toEqual({
      messageId: `acme/thermostat-0042/reported/${deviceExamples.reported.seq}`,
      ...acme,
      receivedAt: expect.any(Number) as number,
      payload: deviceExamples.reported,
    });
    expect(byType.get('device.event.v1')?.envelope.payload).toEqual(deviceExamples.event);
    const telemetryEnvelope = byType.get('device.telemetry.v1');
    expect(telemetryEnvelope?.envelope).toMatchObject({ ...acme, payload: telemetry });
    expect(telemetryEnvelope?.messageId).toMatch(/^sha256:/);
    expect(telemetryEnvelope?.messageId).toBe(telemetryEnvelope?.envelope.messageId);
    expect(telemetryEnvelope?.envelope.receivedAt).toBeGreaterThanOrEqual(before);
    // Counted once fan-out has handled the confirm, which may come after the consumer got the message.
    await waitFor(
      async () => (await fanOut.metric('fan_out_messages_forwarded_total')) >= 3,
      'three counted',
    );
  });

  it('a payload that is not JSON or breaks the contract is counted, dead-lettered and acknowledged; the messages behind it still arrive', async () => {
    const refusedBefore = await fanOut.metric('fan_out_messages_refused_total');
    const topic = buildDeviceTopic('telemetry', acme);
    await mosquitto.publish(topic, 'not json {');
    await publisher.publishAsync(topic, JSON.stringify({ metrics: 'not an object' }), { qos: 1 });
    await publisher.publishAsync(topic, Buffer.from([0x7b, 0xff, 0x7d]), { qos: 1 });
    await publisher.publishAsync(topic, JSON.stringify({ seq: 77, metrics: { temperature: 21 } }), {
      qos: 1,
    });

    await waitFor(() => collector.received.length === 1, 'the valid message');
    expect(collector.received[0]?.messageId).toBe('acme/thermostat-0042/telemetry/77');
    const letters = await takeDeadLetters(collector, 3);
    // Counted once the dead letter is stored, which may come after the valid message has arrived.
    await waitFor(
      async () => (await fanOut.metric('fan_out_messages_refused_total')) - refusedBefore === 3,
      'three refusals counted',
    );
    // Handled side by side: the dead letters' order is theirs to finish in.
    expect(letters.map(({ errorCode }) => errorCode).sort()).toEqual([
      'PAYLOAD_INVALID',
      'PAYLOAD_NOT_JSON',
      'PAYLOAD_NOT_JSON',
    ]);
    expect(letters.map(({ headers }) => headers['x-source-topic'])).toEqual([topic, topic, topic]);
    // The consumer may see the message before fan-out has handled RabbitMQ's confirm.
    await waitFor(async () => (await fanOut.metric('fan_out_messages_in_flight')) === 0, 'nothing in flight');
    expect(fanOut.fatalErrors).toEqual([]);
  });

  it('/health, /ready and /metrics describe the running service', async () => {
    const app = await buildFanOutHttpApp({
      logger: createLogger({ service: 'fan-out', level: 'silent' }),
      registry: fanOut.registry,
      readinessChecks: fanOut.fanOut.readinessChecks,
    });
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ checks: { mqtt: { status: 'up' }, amqp: { status: 'up' } } });
    const metrics = (await app.inject({ url: '/metrics' })).body;
    for (const name of [
      'fan_out_messages_forwarded_total',
      'fan_out_messages_refused_total',
      'fan_out_messages_in_flight',
    ]) {
      expect(metrics).toContain(name);
    }
    await app.close();
  });
});
