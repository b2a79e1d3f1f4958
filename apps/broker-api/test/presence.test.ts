import { buildDeviceTopic, buildDeviceTopicFilter, type DeviceResponse } from '@homeport/contracts';
import { generate } from 'mqtt-packet';
import net from 'node:net';
import {
  fanoutToken,
  createTestEnvironment,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { connectClient, connectDevice, eventually, recordMessages } from './support/mqtt-clients';
import { listenForPresence } from './support/presence-listener';
import { provisionDevice, type TestDevice } from './support/provisioning';

describe('device presence', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  let presence: Awaited<ReturnType<typeof listenForPresence>>;

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_presence');
    instance = await environment.startInstance();
    presence = await listenForPresence(environment.amqpPrefix);
  });
  afterAll(async () => {
    await presence.close();
    await environment.close();
  });

  const reasonsOf = (device: TestDevice) => presence.of(device.deviceId).map((event) => event.reason);
  const waitForReasons = (device: TestDevice, reasons: string[]) =>
    eventually(
      () => Promise.resolve(reasonsOf(device)),
      (seen) => seen.length >= reasons.length,
    ).then((seen) => {
      expect(seen).toEqual(reasons);
    });
  const readDevice = async (device: TestDevice) =>
    (await instance.api<DeviceResponse>('GET', `/devices/${device.deviceId}`)).body;

  it('connect and clean disconnect publish online and offline events; the registry and presence topic follow', async () => {
    const device = await provisionDevice(instance);
    const before = Date.now();
    const client = await connectDevice(instance.mqttUrl, device);
    await waitForReasons(device, ['connected']);
    expect(presence.of(device.deviceId)[0]).toMatchObject({ vendorId: device.vendorId, status: 'online' });
    expect(presence.of(device.deviceId)[0]?.at).toBeGreaterThanOrEqual(before);
    expect(await readDevice(device)).toMatchObject({ online: true });

    const fanout = await connectClient(instance.mqttUrl, {
      clientId: 'service:fanout',
      username: 'service:fanout',
      password: fanoutToken,
    });
    const seen = recordMessages(fanout);
    await fanout.subscribeAsync(buildDeviceTopicFilter('presence'), { qos: 1 });
    const retained = await seen.waitFor((message) => message.topic === buildDeviceTopic('presence', device));
    expect(retained).toMatchObject({ retain: true, body: { status: 'online' } });

    await client.endAsync();
    await waitForReasons(device, ['connected', 'disconnected']);
    expect(presence.of(device.deviceId)[1]).toMatchObject({ status: 'offline' });
    const offline = await readDevice(device);
    expect(offline.online).toBe(false);
    expect(Date.parse(offline.lastSeenAt ?? '')).toBeGreaterThanOrEqual(before);
    await seen.waitFor(
      (message) =>
        message.topic.endsWith('/presence') &&
        message.body !== null &&
        (message.body as { status: string }).status === 'offline',
    );
    await fanout.endAsync();
  });

  it("presence events carry the device's home when it changed: null while unclaimed, the home once claimed", async () => {
    const device = await provisionDevice(instance);
    const unclaimed = await connectDevice(instance.mqttUrl, device);
    await waitForReasons(device, ['connected']);
    await unclaimed.endAsync();
    await waitForReasons(device, ['connected', 'disconnected']);
    await instance.api('PATCH', `/devices/${device.deviceId}`, { ownerId: 'home-presence' });
    const claimed = await connectDevice(instance.mqttUrl, device);
    await waitForReasons(device, ['connected', 'disconnected', 'connected']);
    await claimed.endAsync();
    await waitForReasons(device, ['connected', 'disconnected', 'connected', 'disconnected']);
    expect(presence.of(device.deviceId).map((event) => event.ownerId)).toEqual([
      null,
      null,
      'home-presence',
      'home-presence',
    ]);
  });

  it('a socket closed without DISCONNECT is a lost connection', async () => {
    const device = await provisionDevice(instance);
    const client = await connectDevice(instance.mqttUrl, device);
    await waitForReasons(device, ['connected']);
    client.stream.destroy();
    await waitForReasons(device, ['connected', 'connection_lost']);
    await client.endAsync(true);
  });

  it('a client that stops talking is a lost connection after its keepalive (1.5 x keepalive)', async () => {
    const device = await provisionDevice(instance);
    const socket = net.connect(instance.running.mqtt.tcpPort, '127.0.0.1');
    socket.write(
      generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        clientId: device.deviceId,
        keepalive: 1,
        username: device.deviceId,
        password: Buffer.from(device.secret),
      }),
    );
    await waitForReasons(device, ['connected']);
    const silentSince = Date.now();
    await waitForReasons(device, ['connected', 'connection_lost']);
    expect(Date.now() - silentSince).toBeLessThan(3000);
    socket.destroy();
  });

  it('a device that connects again while connected ends up online', async () => {
    const device = await provisionDevice(instance);
    const first = await connectDevice(instance.mqttUrl, device);
    await waitForReasons(device, ['connected']);
    const second = await connectDevice(instance.mqttUrl, device);
    await eventually(
      () => Promise.resolve(reasonsOf(device)),
      (seen) => seen.at(-1) === 'connected' && seen.length > 1,
    );
    expect(await readDevice(device)).toMatchObject({ online: true });
    await Promise.all([first.endAsync(true), second.endAsync()]);
  });

  it('when 30 devices lose their connections at once and all reconnect at once, each ends online, and offline once they disconnect', async () => {
    const devices = await Promise.all(Array.from({ length: 30 }, () => provisionDevice(instance)));
    const first = await Promise.all(devices.map((device) => connectDevice(instance.mqttUrl, device)));
    await Promise.all(devices.map((device) => waitForReasons(device, ['connected'])));
    // The writes of one storm go out in batches: every change must still land on its own device's row.
    for (const client of first) client.stream.destroy();
    const second = await Promise.all(devices.map((device) => connectDevice(instance.mqttUrl, device)));
    for (const device of devices) {
      await eventually(
        () => Promise.resolve(reasonsOf(device)),
        (seen) => seen.at(-1) === 'connected' && seen.length > 1,
      );
    }
    for (const device of devices) expect(await readDevice(device)).toMatchObject({ online: true });
    await Promise.all([
      ...first.map((client) => client.endAsync(true)),
      ...second.map((client) => client.endAsync()),
    ]);
    for (const device of devices) {
      await eventually(
        () => readDevice(device),
        (read) => !read.online,
      );
    }
  });
});
