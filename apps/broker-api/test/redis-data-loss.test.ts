import { buildDeviceTopic, buildDeviceTopicFilter, buildPartitionClientId } from '@homeport/contracts';
import { createTcpRelay, readTestServerUrls, type TcpRelay } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import {
  createTestEnvironment,
  fanoutToken,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { connectClient, connectDevice, eventually, recordMessages } from './support/mqtt-clients';
import { provisionDevice } from './support/provisioning';

const sessionOptions = {
  clientId: buildPartitionClientId({ base: 'service:fanout', index: 0, count: 1 }),
  username: 'service:fanout',
  password: fanoutToken,
  clean: false,
};

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
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await environment.close();
    await relay.close();
  });

  it("a service's session that comes back after it still gets every message accepted meanwhile", async () => {
    const device = await provisionDevice(instance);
    const topic = buildDeviceTopic('telemetry', device);
    const first = await connectClient(instance.mqttUrl, sessionOptions);
    await first.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });

    // The server goes away and comes back empty: this suite's keys are all it held for this broker.
    await relay.pause();
    await environment.redis.deleteKeys();
    await relay.resume();
    await eventually(
      () => instance.api('GET', '/ready', undefined, null),
      (answer) => answer.status === 200,
    );
    // fan-out's partition lease went with the rest: it stops the session and resumes it, CONNECT then
    // SUBSCRIBE, and the device's messages come in between.
    await first.endAsync();
    const resumed = await connectClient(instance.mqttUrl, sessionOptions);
    clients.push(resumed);
    const received = recordMessages(resumed);
    const publisher = await connectDevice(instance.mqttUrl, device);
    clients.push(publisher);
    const sent = [1, 2, 3, 4, 5];
    for (const t of sent) {
      await publisher.publishAsync(topic, JSON.stringify({ metrics: { t } }), { qos: 1 });
    }
    await resumed.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });

    const bodies = await eventually(
      () => Promise.resolve(received.messages.map((message) => message.body)),
      (messages) => messages.length >= sent.length,
    );
    expect(bodies).toEqual(sent.map((t) => ({ metrics: { t } })));
  }, 20_000);
});
