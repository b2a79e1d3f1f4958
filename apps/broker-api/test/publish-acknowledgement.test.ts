import { buildDeviceTopic, buildDeviceTopicFilter } from '@homeport/contracts';
import type { MqttClient } from 'mqtt';
import {
  createTestEnvironment,
  fanoutToken,
  type AedesPersistence,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { connectClient, connectDevice, eventually, recordMessages } from './support/mqtt-clients';
import { provisionDevice } from './support/provisioning';

describe('acknowledging a device QoS 1 message', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  let releaseStores: () => void = () => undefined;
  const storing: string[] = [];
  const clients: MqttClient[] = [];

  // Holds every store of a message for the persistent sessions until the test releases them; `storing`
  // lists their topics (presence messages are stored too).
  const holdStores = (persistence: AedesPersistence) => {
    const enqueue = persistence.outgoingEnqueueCombi.bind(persistence);
    const released = new Promise<void>((resolve) => {
      releaseStores = resolve;
    });
    persistence.outgoingEnqueueCombi = async (subscriptions, packet) => {
      storing.push(packet.topic);
      await released;
      await enqueue(subscriptions, packet);
    };
  };

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_puback');
    instance = await environment.startInstance({}, { adjustPersistence: holdStores });
  });
  afterAll(async () => {
    releaseStores();
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await environment.close();
  });

  it('is acknowledged only after it is stored for the persistent session that reads it (fan-out)', async () => {
    const fanout = await connectClient(instance.mqttUrl, {
      clientId: 'service:fanout',
      username: 'service:fanout',
      password: fanoutToken,
      clean: false,
    });
    clients.push(fanout);
    const forwarded = recordMessages(fanout);
    await fanout.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });
    const device = await provisionDevice(instance);
    const client = await connectDevice(instance.mqttUrl, device);
    clients.push(client);

    let acknowledged = false;
    const publishing = client
      .publishAsync(buildDeviceTopic('telemetry', device), JSON.stringify({ temperature: 21.5 }), { qos: 1 })
      .then(() => {
        acknowledged = true;
      });
    await eventually(
      () => Promise.resolve(storing),
      (topics) => topics.includes(buildDeviceTopic('telemetry', device)),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(acknowledged).toBe(false);

    releaseStores();
    await publishing;
    expect(acknowledged).toBe(true);
    const message = await forwarded.waitFor(
      (received) => received.topic === buildDeviceTopic('telemetry', device),
    );
    expect(message.body).toEqual({ temperature: 21.5 });
  });
});
