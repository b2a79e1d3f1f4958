import { buildDeviceTopic, buildDeviceTopicFilter, stateWorkersQueue } from '@homeport/contracts';
import type { Consumer } from '@homeport/messaging';
import { createTcpRelay, readTestServerUrls, type TcpRelay } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import {
  createTestEnvironment,
  fanoutToken,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { readMetric } from './support/metrics';
import { connectClient, connectDevice, eventually, recordMessages } from './support/mqtt-clients';
import { provisionDevice } from './support/provisioning';

/** An ingest queue message as state-workers would get it. */
interface Queued {
  readonly type: string;
  readonly messageId: string;
  readonly envelope: { vendorId: string; deviceId: string; receivedAt: number; payload: unknown };
}

describe('INGEST_MODE=direct: broker-api puts device messages on the ingest queue itself', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  // Works on two publishes at once at most (MQTT_MAX_PUBLISHES_IN_FLIGHT).
  let bounded: TestInstance;
  let relay: TcpRelay;
  let consumer: Consumer;
  const queued: Queued[] = [];
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_direct_ingest');
    const amqp = new URL(readTestServerUrls().amqpUrl);
    relay = await createTcpRelay({ host: amqp.hostname, port: Number(amqp.port || 5672) });
    amqp.port = String(relay.port);
    instance = await environment.startInstance({ INGEST_MODE: 'direct' }, { amqpUrl: amqp.toString() });
    bounded = await environment.startInstance(
      { INGEST_MODE: 'direct', MQTT_MAX_PUBLISHES_IN_FLIGHT: '2' },
      { amqpUrl: amqp.toString() },
    );
    const record = (type: string) => (envelope: Queued['envelope'], meta: { messageId: string }) => {
      queued.push({ type, messageId: meta.messageId, envelope });
      return Promise.resolve();
    };
    consumer = await environment.bus.consume(stateWorkersQueue, {
      'device.reported.v1': record('device.reported.v1'),
      'device.telemetry.v1': record('device.telemetry.v1'),
      'device.event.v1': record('device.event.v1'),
      'device.deleted.v1': () => Promise.resolve(),
      'device.credential-issued.v1': () => Promise.resolve(),
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await consumer.close();
    await environment.close();
    await relay.close();
  });

  const connect = async (to = instance) => {
    const device = await provisionDevice(to);
    const client = await connectDevice(to.mqttUrl, device);
    clients.push(client);
    return { device, client };
  };
  const waitForQueued = (messageId: string) =>
    eventually(
      () => Promise.resolve(queued.filter((message) => message.messageId === messageId)),
      (found) => found.length > 0,
    );

  it('queues reported state, telemetry and events as contract envelopes under their device message ids', async () => {
    const { device, client } = await connect();
    const ts = Date.now();
    const reported = { seq: 1, ts, state: { temperature: 20.5 } };
    const telemetry = { seq: 2, ts, metrics: { temperature: 20.5 } };
    const event = { seq: 3, ts, event: 'window_open_detected' };
    await client.publishAsync(buildDeviceTopic('reported', device), JSON.stringify(reported), { qos: 1 });
    await client.publishAsync(buildDeviceTopic('telemetry', device), JSON.stringify(telemetry), { qos: 1 });
    await client.publishAsync(buildDeviceTopic('event', device), JSON.stringify(event), { qos: 0 });

    const { vendorId, deviceId } = device;
    const [stored] = await waitForQueued(`${vendorId}/${deviceId}/reported/1`);
    expect(stored?.type).toBe('device.reported.v1');
    expect(stored?.envelope).toMatchObject({ vendorId, deviceId, payload: reported });
    expect(stored?.envelope.receivedAt).toBeGreaterThanOrEqual(ts);
    expect((await waitForQueued(`${vendorId}/${deviceId}/telemetry/2`))[0]?.envelope.payload).toEqual(
      telemetry,
    );
    expect((await waitForQueued(`${vendorId}/${deviceId}/event/3`))[0]?.envelope.payload).toEqual(event);
  });

  it('queues the payload as the device wrote it (spaces, escapes, exponents) with the value the device meant', async () => {
    const { device, client } = await connect();
    const ts = Date.now();
    const text = `{ "seq" : 11,\n  "ts": ${ts}, "metrics": { "temp\\u00e9rature": 2.05e1, "note": "a \\"b\\"" } }`;
    await client.publishAsync(buildDeviceTopic('telemetry', device), text, { qos: 1 });
    const [stored] = await waitForQueued(`${device.vendorId}/${device.deviceId}/telemetry/11`);
    expect(stored?.envelope.payload).toEqual({ seq: 11, ts, metrics: { température: 20.5, note: 'a "b"' } });
  });

  it('does not route them to an MQTT subscriber as well (fan-out would forward them twice)', async () => {
    const fanout = await connectClient(instance.mqttUrl, {
      clientId: 'service:fanout',
      username: 'service:fanout',
      password: fanoutToken,
      clean: true,
    });
    clients.push(fanout);
    const forwarded = recordMessages(fanout);
    await fanout.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });
    const { device, client } = await connect();
    const telemetry = { seq: 7, ts: Date.now(), metrics: { humidity: 40 } };
    await client.publishAsync(buildDeviceTopic('telemetry', device), JSON.stringify(telemetry), { qos: 1 });
    await waitForQueued(`${device.vendorId}/${device.deviceId}/telemetry/7`);
    expect(forwarded.messages).toEqual([]);
  });

  it('dead-letters a payload its contract refuses, with the code and topic, and queues the next one', async () => {
    const { device, client } = await connect();
    const topic = buildDeviceTopic('telemetry', device);
    const refused = { seq: 10, ts: Date.now(), metrics: 'not an object' };
    await client.publishAsync(topic, JSON.stringify(refused), { qos: 1 });
    await client.publishAsync(topic, JSON.stringify({ ...refused, seq: 11, metrics: { humidity: 1 } }), {
      qos: 1,
    });
    await waitForQueued(`${device.vendorId}/${device.deviceId}/telemetry/11`);
    const [deadLetter] = await environment.bus.takeDeadLetters(stateWorkersQueue, 10);
    expect(deadLetter).toMatchObject({
      type: 'device.telemetry.v1',
      messageId: `${device.vendorId}/${device.deviceId}/telemetry/10`,
      errorCode: 'PAYLOAD_INVALID',
      body: JSON.stringify(refused),
      headers: { 'x-source-topic': topic },
    });
    expect(queued.some((message) => message.messageId.endsWith('/telemetry/10'))).toBe(false);
  });

  it('acknowledges nothing while RabbitMQ is out of reach, and what was sent meanwhile is queued after', async () => {
    const { device, client } = await connect();
    await relay.pause();
    let acknowledged = false;
    const telemetry = { seq: 20, ts: Date.now(), metrics: { temperature: 19 } };
    const publishing = client
      .publishAsync(buildDeviceTopic('telemetry', device), JSON.stringify(telemetry), { qos: 1 })
      .then(() => {
        acknowledged = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(acknowledged).toBe(false);

    await relay.resume();
    await publishing;
    const [stored] = await waitForQueued(`${device.vendorId}/${device.deviceId}/telemetry/20`);
    expect(stored?.envelope.payload).toEqual(telemetry);
  }, 40_000);

  it('queues every message of a burst and a payload larger than what it parses of a connection at a time', async () => {
    const { device, client } = await connect();
    const ts = Date.now();
    // Above the 4 KiB read (composition.ts), alone: nothing sent after it would make the socket readable again.
    const large = { seq: 40, ts, state: { label: 'x'.repeat(3000), note: 'y'.repeat(3000) } };
    await client.publishAsync(buildDeviceTopic('reported', device), JSON.stringify(large), { qos: 1 });
    const burst = Array.from({ length: 30 }, (_, index) => ({
      seq: 41 + index,
      ts,
      metrics: { temperature: index },
    }));
    await Promise.all(
      burst.map((telemetry) =>
        client.publishAsync(buildDeviceTopic('telemetry', device), JSON.stringify(telemetry), { qos: 1 }),
      ),
    );
    const { vendorId, deviceId } = device;
    expect((await waitForQueued(`${vendorId}/${deviceId}/reported/40`))[0]?.envelope.payload).toEqual(large);
    for (const { seq } of burst) await waitForQueued(`${vendorId}/${deviceId}/telemetry/${seq}`);
  });

  it('holds the publishes beyond its bound while RabbitMQ does not confirm, and queues every one once it does', async () => {
    // One message from each: a connection whose publish waits is not read further (its next one stays in TCP).
    const devices = await Promise.all([1, 2, 3, 4, 5].map(() => connect(bounded)));
    const readPublishes = async () => ({
      inFlight: await readMetric(bounded, 'mqtt_publishes_in_progress', { state: 'in_flight' }),
      held: await readMetric(bounded, 'mqtt_publishes_in_progress', { state: 'held' }),
    });
    await relay.pause();
    let acknowledged = 0;
    const publishing = devices.map(({ device, client }) =>
      client
        .publishAsync(
          buildDeviceTopic('telemetry', device),
          JSON.stringify({ seq: 30, ts: Date.now(), metrics: { temperature: 30 } }),
          { qos: 1 },
        )
        .then(() => {
          acknowledged += 1;
        }),
    );
    // Two await their confirm, the other three are held back, and none is acknowledged.
    expect(await eventually(readPublishes, (stats) => stats.held === 3)).toEqual({ inFlight: 2, held: 3 });
    expect(acknowledged).toBe(0);

    await relay.resume();
    await Promise.all(publishing);
    for (const { device } of devices)
      await waitForQueued(`${device.vendorId}/${device.deviceId}/telemetry/30`);
    expect(await readPublishes()).toEqual({ inFlight: 0, held: 0 });
  }, 40_000);
});
