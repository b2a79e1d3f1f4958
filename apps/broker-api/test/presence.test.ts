import { buildDeviceTopic, buildDeviceTopicFilter, type DeviceResponse } from '@homeport/contracts';
import { generate } from 'mqtt-packet';
import net from 'node:net';
import {
  fanoutToken,
  createTestEnvironment,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { sumMetric } from '@homeport/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  connectClient,
  connectDevice,
  eventually,
  recordMessages,
  waitForClose,
} from './support/mqtt-clients';
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

  describe('with a grace for lost connections', () => {
    const graceMs = 1000;
    // The grace, the held connections' check (once a second at most) and room for a busy machine.
    const pastGraceMs = graceMs + 1500;
    let graceful: TestInstance;

    beforeAll(async () => {
      graceful = await environment.startInstance({ DEVICE_OFFLINE_GRACE_MS: String(graceMs) });
    });
    afterAll(async () => {
      await graceful.close();
    });

    it('a device that connects again while connected stays online, announced once, and offline once it disconnects', async () => {
      const device = await provisionDevice(graceful);
      const first = await connectDevice(graceful.mqttUrl, device);
      await waitForReasons(device, ['connected']);
      const second = await connectDevice(graceful.mqttUrl, device);
      // Taken over (MQTT-3.1.4-2). aedes may end the first session before the second is ready: then it is a
      // lost connection, held and released by the second.
      await waitForClose(first, 5000);
      expect(await readDevice(device)).toMatchObject({ online: true });
      await second.endAsync();
      // The takeover changed no status: no offline for the first connection, no second online.
      await waitForReasons(device, ['connected', 'disconnected']);
      expect(await readDevice(device)).toMatchObject({ online: false });
    });

    it('when 30 devices lose their connections at once and all are back within the grace, none is announced offline or online again, and each is offline once it disconnects', async () => {
      const devices = await Promise.all(Array.from({ length: 30 }, () => provisionDevice(graceful)));
      const first = await Promise.all(devices.map((device) => connectDevice(graceful.mqttUrl, device)));
      await Promise.all(devices.map((device) => waitForReasons(device, ['connected'])));
      for (const client of first) client.stream.destroy();
      const second = await Promise.all(devices.map((device) => connectDevice(graceful.mqttUrl, device)));
      await sleep(pastGraceMs);
      for (const device of devices) expect(await readDevice(device)).toMatchObject({ online: true });
      await Promise.all(second.map((client) => client.endAsync()));
      // Each device's whole history: the blip in between was no presence change.
      await Promise.all(devices.map((device) => waitForReasons(device, ['connected', 'disconnected'])));
      for (const device of devices) expect(await readDevice(device)).toMatchObject({ online: false });
      await Promise.all(first.map((client) => client.endAsync(true)));
    });

    it('a device not back within the grace is announced offline, dated when its connection was lost, and online when it returns', async () => {
      const device = await provisionDevice(graceful);
      const client = await connectDevice(graceful.mqttUrl, device);
      await waitForReasons(device, ['connected']);
      const lostAt = Date.now();
      client.stream.destroy();
      await waitForReasons(device, ['connected', 'connection_lost']);
      expect(Date.now() - lostAt).toBeGreaterThanOrEqual(graceMs);
      const offline = presence.of(device.deviceId)[1];
      expect(offline?.at).toBeGreaterThanOrEqual(lostAt);
      expect(offline?.at).toBeLessThan(lostAt + graceMs);
      expect(await readDevice(device)).toMatchObject({ online: false });

      const back = await connectDevice(graceful.mqttUrl, device);
      await waitForReasons(device, ['connected', 'connection_lost', 'connected']);
      await back.endAsync();
      await client.endAsync(true);
    });

    it('a replica that shuts down announces the lost connections it holds at once', async () => {
      const holding = await environment.startInstance({ DEVICE_OFFLINE_GRACE_MS: '600000' });
      const device = await provisionDevice(holding);
      const client = await connectDevice(holding.mqttUrl, device);
      await waitForReasons(device, ['connected']);
      client.stream.destroy();
      // Held once the replica saw the socket close: no device counted as connected any more.
      await eventually(
        () => fetch(`${holding.running.http.url}/metrics`).then((response) => response.text()),
        (metrics) => sumMetric(metrics, 'mqtt_connected_clients', { kind: 'device' }) === 0,
      );
      await holding.close();
      await waitForReasons(device, ['connected', 'connection_lost']);
      expect(await readDevice(device)).toMatchObject({ online: false });
      await client.endAsync(true);
    });
  });
});
