import {
  buildDeviceTopic,
  buildDeviceTopicFilter,
  deviceCredentialIssuedV1,
  deviceDeletedV1,
  deviceRegisteredV1,
  stateWorkersQueue,
  type MessagePayload,
  type ShadowResponse,
} from '@homeport/contracts';
import { createAmqpMessageBus, type MessageBus } from '@homeport/messaging';
import { listenForEvents, readTestServerUrls, waitFor } from '@homeport/testing';
import mqtt, { type IConnackPacket, type MqttClient } from 'mqtt';
import { createTestEnvironment, type TestEnvironment, type TestInstance } from './support/environment';
import { recordMessages } from './support/mqtt-clients';
import { createVendorId, provisionDevice, type TestDevice } from './support/provisioning';

type Deleted = MessagePayload<typeof deviceDeletedV1>;
type Issued = MessagePayload<typeof deviceCredentialIssuedV1>;

/** Connects as the device with a persistent session (clean: false), answering the client and its CONNACK. */
async function connectPersistent(url: string, device: TestDevice) {
  const client = mqtt.connect(url, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    clean: false,
    clientId: device.deviceId,
    username: device.deviceId,
    password: device.secret,
  });
  const connack = await new Promise<IConnackPacket>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  return { client, connack, received: recordMessages(client) };
}

describe('deleting a device, and re-creating one with its id', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  let stateWorkersBus: MessageBus;
  const deleted: Deleted[] = [];
  const issued: Issued[] = [];
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_deletion');
    instance = await environment.startInstance();
    // What state-workers receive on their queue (declared under the suite's prefix).
    stateWorkersBus = await createAmqpMessageBus({
      url: readTestServerUrls().amqpUrl,
      connectionName: `${environment.amqpPrefix}state-workers`,
      queues: [stateWorkersQueue],
      namePrefix: environment.amqpPrefix,
    });
    const ignore = () => Promise.resolve();
    await stateWorkersBus.consume(stateWorkersQueue, {
      'device.reported.v1': ignore,
      'device.telemetry.v1': ignore,
      'device.event.v1': ignore,
      [deviceDeletedV1.type]: (event) => Promise.resolve(void deleted.push(event)),
      [deviceCredentialIssuedV1.type]: (event) => Promise.resolve(void issued.push(event)),
    });
  }, 30_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await stateWorkersBus.close();
    await environment.close();
  });

  const readShadow = async (deviceId: string) =>
    (await instance.api<ShadowResponse>('GET', `/devices/${deviceId}/shadow`)).body;

  it('leaves no state, retained desired state or session behind, and announces the deletion', async () => {
    const vendorId = createVendorId();
    const deviceId = `reborn-${vendorId}`;
    const device = await provisionDevice(instance, { vendorId, deviceId });
    const first = await connectPersistent(instance.mqttUrl, device);
    await first.client.subscribeAsync(buildDeviceTopicFilter('desired', device), { qos: 1 });
    await first.client.endAsync();
    // Set while it is offline: retained, and queued in its persistent session.
    await instance.api('PUT', `/devices/${deviceId}/desired`, { state: { setpoint: 19 } });
    // Its current state as state-workers cached it; their handling of the deletion is not waited for.
    await environment.writeCurrentState(device, 1, {
      vendorId,
      deviceId,
      state: { setpoint: 21 },
      revision: 1,
      reportedAt: Date.now(),
      storedAt: Date.now(),
    });
    expect((await readShadow(deviceId)).reported).toMatchObject({ state: { setpoint: 21 } });

    expect((await instance.api('DELETE', `/devices/${deviceId}`)).status).toBe(204);
    await waitFor(() => deleted.some((event) => event.deviceId === deviceId), 'the deletion event');
    expect(deleted.find((event) => event.deviceId === deviceId)).toEqual({
      vendorId,
      deviceId,
      deletedAt: expect.any(Number) as unknown,
    });

    const reborn = await provisionDevice(instance, { vendorId, deviceId });
    expect(await readShadow(deviceId)).toMatchObject({ desired: { version: 0, state: {} }, reported: null });
    const second = await connectPersistent(instance.mqttUrl, reborn);
    clients.push(second.client);
    expect(second.connack.sessionPresent).toBe(false);
    await second.client.subscribeAsync(buildDeviceTopicFilter('desired', reborn), { qos: 1 });
    // The first desired state of the new device is the first message it gets: nothing retained or queued before.
    await instance.api('PUT', `/devices/${deviceId}/desired`, { state: { setpoint: 17 } });
    const desired = buildDeviceTopic('desired', reborn);
    await second.received.waitFor((message) => message.topic === desired);
    expect(second.received.messages.map((message) => message.body)).toEqual([
      expect.objectContaining({ version: 1, state: { setpoint: 17 } }),
    ]);
  });

  it('provisioning announces device.registered (its product and creation time) before it answers', async () => {
    const registered = await listenForEvents(environment.amqpPrefix, deviceRegisteredV1);
    try {
      const vendorId = createVendorId();
      const before = Date.now();
      const device = await provisionDevice(instance, { vendorId, deviceId: `new-${vendorId}` });
      // Confirmed before the commit, so already routed when the API answered.
      await waitFor(() => registered.events().length === 1, 'device.registered');
      expect(registered.events()[0]).toEqual({
        vendorId,
        deviceId: device.deviceId,
        productId: 'thermostat',
        registeredAt: expect.any(Number) as unknown,
      });
      expect(registered.events()[0]?.registeredAt).toBeGreaterThanOrEqual(before - 1000);
    } finally {
      await registered.close();
    }
  });

  it('every new credential, the first and a rotated one, is announced with its issue time', async () => {
    const device = await provisionDevice(instance);
    const rotated = await instance.api<{ credentialId: string }>(
      'POST',
      `/devices/${device.deviceId}/credentials/rotate`,
    );
    await waitFor(() => issued.filter((event) => event.deviceId === device.deviceId).length === 2, 'events');
    expect(issued.filter((event) => event.deviceId === device.deviceId)).toEqual([
      {
        vendorId: device.vendorId,
        deviceId: device.deviceId,
        credentialId: device.credentialId,
        issuedAt: expect.any(Number) as unknown,
      },
      {
        vendorId: device.vendorId,
        deviceId: device.deviceId,
        credentialId: rotated.body.credentialId,
        issuedAt: expect.any(Number) as unknown,
      },
    ]);
  });
});
