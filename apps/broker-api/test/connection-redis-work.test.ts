import { buildDeviceTopic, buildDeviceTopicFilter } from '@homeport/contracts';
import { createRedisClient, type RedisClient } from '@homeport/storage';
import { readTestServerUrls } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import {
  createTestEnvironment,
  observerToken,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { connectClient, connectDevice, eventually, recordMessages } from './support/mqtt-clients';
import { listenForPresence } from './support/presence-listener';
import { provisionDevice } from './support/provisioning';

describe("what a device's connection costs in Redis besides its own topics", () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  let presence: Awaited<ReturnType<typeof listenForPresence>>;
  let listener: RedisClient;
  const announcements: string[] = [];
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_connection_redis');
    instance = await environment.startInstance();
    presence = await listenForPresence(environment.amqpPrefix);
    listener = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: '' });
    const sysChannels = `${environment.redis.keyPrefix}mqtt/$SYS/`;
    listener.on('pmessage', (_pattern: string, channel: string) => {
      announcements.push(channel.slice(sysChannels.length).replace(/^[^/]+\//, ''));
    });
    await listener.psubscribe(`${sysChannels}*`);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  });
  afterAll(async () => {
    listener.disconnect();
    await presence.close();
    await environment.close();
  });

  const reasonsOf = (deviceId: string) => Promise.resolve(presence.of(deviceId).map((event) => event.reason));

  it('a device connecting, subscribing and losing its connection announces on $SYS only its new client (what takes over its session on other replicas)', async () => {
    const device = await provisionDevice(instance);
    announcements.length = 0;
    const client = await connectDevice(instance.mqttUrl, device);
    clients.push(client);
    await client.subscribeAsync(buildDeviceTopicFilter('desired', device), { qos: 1 });
    client.stream.destroy();
    await eventually(
      () => reasonsOf(device.deviceId),
      (seen) => seen.includes('connection_lost'),
    );
    await eventually(
      () => Promise.resolve(announcements),
      (seen) => seen.includes('new/clients'),
    );
    expect(announcements.filter((topic) => topic !== 'heartbeat')).toEqual(['new/clients']);
  });

  it("a device's clean CONNECT reads its queue only after a persistent session, which that CONNECT ends", async () => {
    const device = await provisionDevice(instance);
    const queueKey = `${environment.redis.keyPrefix}outgoing:${device.deviceId}`;
    const monitor = await listener.monitor();
    const queueCommands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[1] === queueKey) queueCommands.push(args[0]?.toLowerCase() ?? '');
    });
    const connectSubscribed = async (clean: boolean) => {
      const client = await connectDevice(instance.mqttUrl, device, { clean });
      await client.subscribeAsync(buildDeviceTopicFilter('desired', device), { qos: 1 });
      await client.endAsync();
    };
    try {
      await connectSubscribed(true);
      await connectSubscribed(true);
      expect(queueCommands).toEqual([]);

      await connectSubscribed(false);
      queueCommands.length = 0;
      await connectSubscribed(true);
      await eventually(
        () => Promise.resolve(queueCommands),
        (seen) => seen.includes('lrange'),
      );
      await connectSubscribed(true);
      expect(queueCommands.filter((command) => command === 'lrange')).toHaveLength(1);
    } finally {
      monitor.disconnect();
    }
  });

  it("a device's will is published when its connection is lost, not after a DISCONNECT, and is removed from Redis either way", async () => {
    const observer = await connectClient(instance.mqttUrl, {
      clientId: 'service:observer',
      username: 'service:observer',
      password: observerToken,
    });
    clients.push(observer);
    const observed = recordMessages(observer);
    await observer.subscribeAsync(buildDeviceTopicFilter('event'), { qos: 1 });
    const device = await provisionDevice(instance);
    const willTopic = buildDeviceTopic('event', device);
    const will = { topic: willTopic, payload: Buffer.from('{"gone":true}'), qos: 1 as const, retain: false };
    const redis = createRedisClient({
      url: readTestServerUrls().redisUrl,
      keyPrefix: environment.redis.keyPrefix,
    });
    try {
      const storedWills = async () =>
        (await redis.lrange('will', 0, -1)).filter((key) => key.endsWith(device.deviceId));

      const clean = await connectDevice(instance.mqttUrl, device, { will });
      expect(await storedWills()).toHaveLength(1);
      await clean.endAsync();
      await eventually(storedWills, (wills) => wills.length === 0);

      const lost = await connectDevice(instance.mqttUrl, device, { will });
      clients.push(lost);
      lost.stream.destroy();
      await observed.waitFor((message) => message.topic === willTopic);
      await eventually(storedWills, (wills) => wills.length === 0);
      expect(observed.messages.filter((message) => message.topic === willTopic)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });
});
