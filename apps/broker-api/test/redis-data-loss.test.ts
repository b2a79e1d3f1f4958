import { buildDeviceTopic, buildDeviceTopicFilter, buildPartitionClientId } from '@homeport/contracts';
import { createTcpRelay, readTestServerUrls, type TcpRelay } from '@homeport/testing';
import mqtt, { type IConnackPacket, type MqttClient } from 'mqtt';
import {
  createTestEnvironment,
  fanoutToken,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { connectDevice, eventually, recordMessages } from './support/mqtt-clients';
import { provisionDevice } from './support/provisioning';

/** Connects as one of fan-out's partition sessions, answering the client and its CONNACK. */
async function connectSession(url: string, partition: { index: number; count: number }, clean = false) {
  const client = mqtt.connect(url, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    clean,
    clientId: buildPartitionClientId({ base: 'service:fanout', ...partition }),
    username: 'service:fanout',
    password: fanoutToken,
  });
  const connack = await new Promise<IConnackPacket>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  return { client, connack };
}

describe('when Redis restarts without its data (no persistence)', () => {
  let relay: TcpRelay;
  let environment: TestEnvironment;
  let instance: TestInstance;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    const redis = new URL(readTestServerUrls().redisUrl);
    relay = await createTcpRelay({ host: redis.hostname, port: Number(redis.port) });
    environment = await createTestEnvironment('broker_redis_loss');
    instance = await environment.startInstance({}, { redisUrl: `redis://127.0.0.1:${relay.port}` });
  });
  /** The server goes away and comes back empty: this suite's keys are all it held for this broker. */
  const restartRedisEmpty = async () => {
    await relay.pause();
    await environment.redis.deleteKeys();
    await relay.resume();
    await eventually(
      () => instance.api('GET', '/ready', undefined, null),
      (answer) => answer.status === 200,
    );
  };

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await environment.close();
    await relay.close();
  });

  it("a service's session that comes back after it still gets every message accepted meanwhile", async () => {
    const device = await provisionDevice(instance);
    const topic = buildDeviceTopic('telemetry', device);
    const first = await connectSession(instance.mqttUrl, { index: 0, count: 1 });
    await first.client.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });

    await restartRedisEmpty();
    // fan-out's partition lease went with the rest: it stops the session and resumes it, CONNECT then
    // SUBSCRIBE, and the device's messages come in between.
    await first.client.endAsync();
    const resumed = await connectSession(instance.mqttUrl, { index: 0, count: 1 });
    clients.push(resumed.client);
    expect(resumed.connack.sessionPresent).toBe(true);
    const received = recordMessages(resumed.client);
    const publisher = await connectDevice(instance.mqttUrl, device);
    clients.push(publisher);
    const sent = [1, 2, 3, 4, 5];
    for (const t of sent) {
      await publisher.publishAsync(topic, JSON.stringify({ metrics: { t } }), { qos: 1 });
    }
    await resumed.client.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });

    const bodies = await eventually(
      () => Promise.resolve(received.messages.map((message) => message.body)),
      (messages) => messages.length >= sent.length,
    );
    expect(bodies).toEqual(sent.map((t) => ({ metrics: { t } })));
  }, 20_000);

  it('a session the service ended before the restart is not brought back', async () => {
    const partition = { index: 1, count: 2 };
    const session = await connectSession(instance.mqttUrl, partition);
    await session.client.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });
    await session.client.endAsync();
    // A clean CONNECT ends the session (MQTT-3.1.2-6): its subscriptions go.
    const ended = await connectSession(instance.mqttUrl, partition, true);
    await ended.client.endAsync();

    await restartRedisEmpty();
    const next = await connectSession(instance.mqttUrl, partition);
    clients.push(next.client);
    expect(next.connack.sessionPresent).toBe(false);
  });
});
