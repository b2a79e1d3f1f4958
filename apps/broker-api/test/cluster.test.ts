import {
  buildDeviceTopic,
  buildDeviceTopicFilter,
  type CommandResponse,
  type DeviceResponse,
} from '@homeport/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import {
  createTestEnvironment,
  fanoutToken,
  observerToken,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import {
  connectClient,
  connectDevice,
  eventually,
  recordMessages,
  waitForClose,
} from './support/mqtt-clients';
import { listenForPresence } from './support/presence-listener';
import { provisionDevice } from './support/provisioning';

describe('two broker-api replicas sharing PostgreSQL, Redis and RabbitMQ', () => {
  let environment: TestEnvironment;
  let replicaA: TestInstance;
  let replicaB: TestInstance;
  let presence: Awaited<ReturnType<typeof listenForPresence>>;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_cluster');
    // With production's kind of grace: a session closed by a takeover on the other replica is a lost
    // connection there, whose offline must not race the new connection's online.
    const withGrace = { DEVICE_OFFLINE_GRACE_MS: '5000' };
    [replicaA, replicaB] = await Promise.all([
      environment.startInstance(withGrace),
      environment.startInstance(withGrace),
    ]);
    presence = await listenForPresence(environment.amqpPrefix);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  });
  afterAll(async () => {
    await presence.close();
    await environment.close();
  });

  const connectTo = async (replica: TestInstance, device: Awaited<ReturnType<typeof provisionDevice>>) => {
    const client = await connectDevice(replica.mqttUrl, device);
    clients.push(client);
    return { client, received: recordMessages(client) };
  };

  it('a desired change through replica A reaches a device connected to replica B', async () => {
    const device = await provisionDevice(replicaA);
    const { client, received } = await connectTo(replicaB, device);
    await client.subscribeAsync(buildDeviceTopicFilter('desired', device), { qos: 1 });
    await replicaA.api('PUT', `/devices/${device.deviceId}/desired`, { state: { setpoint: 17 } });
    const desired = await received.waitFor(
      (message) => message.topic === buildDeviceTopic('desired', device),
    );
    expect(desired.body).toMatchObject({ version: 1, state: { setpoint: 17 } });
  });

  it('desired state set through A while the device is offline is retained for it on B', async () => {
    const device = await provisionDevice(replicaA);
    await replicaA.api('PUT', `/devices/${device.deviceId}/desired`, { state: { mode: 'away' } });
    const { client, received } = await connectTo(replicaB, device);
    await client.subscribeAsync(buildDeviceTopicFilter('desired', device), { qos: 1 });
    const desired = await received.waitFor(
      (message) => message.topic === buildDeviceTopic('desired', device),
    );
    expect(desired).toMatchObject({ retain: true, body: { state: { mode: 'away' } } });
  });

  it('a command sent through A is delivered to the device on B, and its ack recorded there shows through A', async () => {
    const device = await provisionDevice(replicaA);
    const { client, received } = await connectTo(replicaB, device);
    await client.subscribeAsync(buildDeviceTopicFilter('command', device), { qos: 1 });
    const command = await replicaA.api<CommandResponse>('POST', `/devices/${device.deviceId}/commands`, {
      name: 'blink',
      params: {},
      ttlSeconds: 30,
    });
    await received.waitFor((message) => message.topic.endsWith(command.body.id));
    const ack = buildDeviceTopic('commandAck', { ...device, commandId: command.body.id });
    await client.publishAsync(ack, JSON.stringify({ status: 'accepted' }), { qos: 1 });
    await eventually(
      async () =>
        (
          await replicaA.api<CommandResponse>(
            'GET',
            `/devices/${device.deviceId}/commands/${command.body.id}`,
          )
        ).body,
      (current) => current.status === 'accepted',
    );
  });

  it('a credential revoked through A disconnects the device from B within 5 s', async () => {
    const device = await provisionDevice(replicaA);
    const { client } = await connectTo(replicaB, device);
    const revokedAt = Date.now();
    await replicaA.api('POST', `/devices/${device.deviceId}/credentials/${device.credentialId}/revoke`);
    await waitForClose(client, 5000);
    expect(Date.now() - revokedAt).toBeLessThan(5000);
  });

  it('a device moving from A to B stays online without a presence event (its old session is closed), then goes offline once', async () => {
    const device = await provisionDevice(replicaA);
    const reasons = () => Promise.resolve(presence.of(device.deviceId).map((event) => event.reason));
    const onA = await connectTo(replicaA, device);
    await eventually(reasons, (seen) => seen.includes('connected'));
    const onB = await connectTo(replicaB, device);
    await waitForClose(onA.client, 3000); // MQTT-3.1.4-2, across replicas
    const readDevice = async () =>
      (await replicaA.api<DeviceResponse>('GET', `/devices/${device.deviceId}`)).body;
    expect(await readDevice()).toMatchObject({ online: true });

    await onB.client.endAsync();
    // The move was no change of status: no offline for A's session, no second online for B's.
    await eventually(reasons, (seen) => seen.at(-1) === 'disconnected');
    expect(await reasons()).toEqual(['connected', 'disconnected']);
    expect(await readDevice()).toMatchObject({ online: false });
  });

  it('a persistent session that missed more than 1000 messages gets every one of them when it comes back', async () => {
    // aedes-persistence-redis sends at most maxSessionDelivery (default 1000) queued messages on CONNACK and
    // the rest only at a later reconnect; broker-api lifts that limit (adapters/redis-broker-backend.ts).
    const unlimited = await environment.startInstance({
      MQTT_PUBLISH_RATE_PER_SECOND: '100000',
      MQTT_PUBLISH_BURST: '100000',
    });
    const fanout = { username: 'service:fanout', password: fanoutToken };
    const session = { ...fanout, clientId: 'service:fanout' };
    const subscriber = await connectClient(unlimited.mqttUrl, { ...session, clean: false });
    await subscriber.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });
    await subscriber.endAsync();
    // aedes PUBACKs a QoS 1 publish before it queues it for offline sessions, and routes it to the online
    // ones after that: once an online subscriber has every message, all of them wait in the session.
    const observer = await connectClient(unlimited.mqttUrl, {
      clientId: 'service:observer',
      username: 'service:observer',
      password: observerToken,
    });
    clients.push(observer);
    const observed = recordMessages(observer);
    await observer.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });
    const device = await provisionDevice(unlimited);
    const { client } = await connectTo(unlimited, device);
    const topic = buildDeviceTopic('telemetry', device);
    const missed = 1100;
    for (let first = 0; first < missed; first += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          client.publishAsync(topic, JSON.stringify({ seq: first + index, metrics: { n: 1 } }), { qos: 1 }),
        ),
      );
    }
    // Bounds for a loaded machine; both return as soon as the condition holds.
    const throughput = 15_000;
    await eventually(
      () => Promise.resolve(observed.messages.length),
      (count) => count >= missed,
      throughput,
    );

    // Listening before CONNECT: the queued messages follow the CONNACK at once.
    const resumed = mqtt.connect(unlimited.mqttUrl, { ...session, protocolVersion: 4, clean: false });
    clients.push(resumed);
    const packets: string[] = [];
    resumed.on('packetreceive', (packet) => packets.push(packet.cmd));
    const seqs = new Set<number>(); // QoS 1: a message may come twice
    resumed.on('message', (_topic, payload) => {
      seqs.add((JSON.parse(payload.toString()) as { seq: number }).seq);
    });
    await eventually(
      () => Promise.resolve(seqs.size),
      (count) => count === missed,
      throughput,
    );
    expect(packets[0]).toBe('connack');
  }, 40_000);
});
