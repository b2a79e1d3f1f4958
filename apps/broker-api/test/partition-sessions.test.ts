import {
  buildDeviceTopic,
  buildDeviceTopicFilter,
  buildPartitionClientId,
  partitionOf,
} from '@homeport/contracts';
import type { MqttClient } from 'mqtt';
import {
  createTestEnvironment,
  fanoutToken,
  type AedesPersistence,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { connectClient, connectDevice, eventually, recordMessages } from './support/mqtt-clients';
import { createVendorId, provisionDevice, type TestDevice } from './support/provisioning';

describe("a service's partition sessions (fan-out's partitioned mode)", () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  const clients: MqttClient[] = [];
  /** Every session a device message was queued for, as `clientId topic`. */
  const queued: string[] = [];

  const recordQueued = (persistence: AedesPersistence) => {
    const enqueue = persistence.outgoingEnqueueCombi.bind(persistence);
    persistence.outgoingEnqueueCombi = async (subscriptions, packet) => {
      for (const sub of subscriptions as { clientId: string }[])
        queued.push(`${sub.clientId} ${packet.topic}`);
      await enqueue(subscriptions, packet);
    };
  };
  const connectSession = async (index: number) => {
    const client = await connectClient(instance.mqttUrl, {
      clientId: buildPartitionClientId({ base: 'service:fanout', index, count: 2 }),
      username: 'service:fanout',
      password: fanoutToken,
      clean: false,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_partitions');
    instance = await environment.startInstance({}, { adjustPersistence: recordQueued });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await environment.close();
  });

  it('each session is queued and sent only the messages of its own devices, also what arrived while it was away', async () => {
    const vendorId = createVendorId();
    const devices: TestDevice[] = [];
    for (let index = 0; index < 8; index += 1) {
      devices.push(await provisionDevice(instance, { vendorId, deviceId: `sensor-${index}` }));
    }
    const partitionOfDevice = (device: TestDevice) => partitionOf(device.vendorId, device.deviceId, 2);
    expect(new Set(devices.map(partitionOfDevice)).size).toBe(2);
    const [online, away] = [await connectSession(0), await connectSession(1)];
    for (const session of [online, away]) {
      await session.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });
    }
    await away.endAsync();
    const received = [recordMessages(online)];

    for (const device of devices) {
      const client = await connectDevice(instance.mqttUrl, device);
      clients.push(client);
      await client.publishAsync(
        buildDeviceTopic('telemetry', device),
        JSON.stringify({ metrics: { t: 1 } }),
        {
          qos: 1,
        },
      );
    }
    const resumed = await connectSession(1);
    received.push(recordMessages(resumed));

    for (const index of [0, 1]) {
      const expected = devices
        .filter((device) => partitionOfDevice(device) === index)
        .map((device) => buildDeviceTopic('telemetry', device))
        .sort();
      const session = buildPartitionClientId({ base: 'service:fanout', index, count: 2 });
      await eventually(
        () => Promise.resolve(received[index]!.messages.map((message) => message.topic).sort()),
        (topics) => topics.length >= expected.length,
      );
      expect(received[index]!.messages.map((message) => message.topic).sort()).toEqual(expected);
      const queuedTopics = queued.filter(
        (entry) => entry.startsWith(`${session} `) && entry.includes(vendorId),
      );
      expect(queuedTopics.map((entry) => entry.split(' ')[1]).sort()).toEqual(expected);
    }
  });
});
