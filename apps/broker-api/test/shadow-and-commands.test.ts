import {
  buildDeviceTopic,
  buildDeviceTopicFilter,
  type CommandResponse,
  type DeviceResponse,
  type DeviceViewResponse,
  type ShadowResponse,
} from '@homeport/contracts';
import type { MqttClient } from 'mqtt';
import { createTestEnvironment, type TestEnvironment, type TestInstance } from './support/environment';
import { readMetric } from './support/metrics';
import { connectDevice, eventually, recordMessages } from './support/mqtt-clients';
import { provisionDevice, type TestDevice } from './support/provisioning';

describe('device shadow and commands', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_shadow');
    instance = await environment.startInstance();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  });
  afterAll(async () => {
    await environment.close();
  });

  const connect = async (device: TestDevice) => {
    const client = await connectDevice(instance.mqttUrl, device);
    clients.push(client);
    return { client, received: recordMessages(client) };
  };
  // What state-workers do once they stored a report: the device's cached current state.
  const reportState = (
    device: TestDevice,
    state: Record<string, unknown>,
    reportedAt: number,
    seq?: number,
  ) =>
    environment.writeCurrentState(device, 7, {
      vendorId: device.vendorId,
      deviceId: device.deviceId,
      state,
      revision: 7,
      ...(seq === undefined ? {} : { seq }),
      reportedAt,
      storedAt: Date.now(),
    });
  const readShadow = async (device: TestDevice) =>
    (await instance.api<ShadowResponse>('GET', `/devices/${device.deviceId}/shadow`)).body;

  it('desired state set while a device is offline is delivered, retained, when it reconnects', async () => {
    const device = await provisionDevice(instance);
    const put = await instance.api('PUT', `/devices/${device.deviceId}/desired`, { state: { setpoint: 19 } });
    expect(put).toMatchObject({ status: 200, body: { version: 1, state: { setpoint: 19 } } });
    await instance.api('PATCH', `/devices/${device.deviceId}/desired`, { state: { mode: 'eco' } });

    const { client, received } = await connect(device);
    await client.subscribeAsync(buildDeviceTopicFilter('desired', device), { qos: 1 });
    const desired = await received.waitFor(
      (message) => message.topic === buildDeviceTopic('desired', device),
    );
    expect(desired).toMatchObject({
      retain: true,
      body: { version: 2, state: { setpoint: 19, mode: 'eco' } },
    });
  });

  it('a desired change with a stale expectedVersion is refused with 409', async () => {
    const device = await provisionDevice(instance);
    await instance.api('PUT', `/devices/${device.deviceId}/desired`, { state: { setpoint: 19 } });
    const stale = await instance.api('PATCH', `/devices/${device.deviceId}/desired`, {
      state: { setpoint: 20 },
      expectedVersion: 0,
    });
    expect(stale).toMatchObject({ status: 409, body: { code: 'DESIRED_VERSION_MISMATCH' } });
  });

  it('a desired state, patch or command params beyond the payload limits is refused with 400 and the code, the state unchanged', async () => {
    const device = await provisionDevice(instance);
    const desired = `/devices/${device.deviceId}/desired`;
    await instance.api('PUT', desired, { state: { setpoint: 19 } });
    const nest = (levels: number): unknown =>
      JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`) as unknown;

    const deep = await instance.api('PATCH', desired, { state: { a: nest(1000) } });
    expect(deep).toMatchObject({
      status: 400,
      body: { code: 'PAYLOAD_TOO_DEEP', message: `/state/a${'/0'.repeat(14)}: nesting deeper than 16` },
    });
    const forbidden = await instance.api('PUT', desired, { state: { constructor: { x: 1 } } });
    expect(forbidden).toMatchObject({ status: 400, body: { code: 'PAYLOAD_FORBIDDEN_KEY' } });
    // Each patch is within the limits; merged, they are beyond the 64 KiB state budget.
    const chunk = (from: number) =>
      Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`p${from + index}`, 'x'.repeat(600)]));
    expect((await instance.api('PATCH', desired, { state: chunk(0) })).status).toBe(200);
    expect((await instance.api('PATCH', desired, { state: chunk(50) })).status).toBe(200);
    const over = await instance.api('PATCH', desired, { state: chunk(100) });
    expect(over).toMatchObject({ status: 400, body: { code: 'DEVICE_STATE_TOO_LARGE' } });
    expect((over.body as { message: string }).message).toMatch(
      /^the desired state after this change: \/: state of \d+ bytes exceeds the budget of 65536$/,
    );
    expect(Object.keys((await readShadow(device)).desired.state)).toHaveLength(101);

    const command = await instance.api('POST', `/devices/${device.deviceId}/commands`, {
      name: 'reboot',
      params: { delay: nest(1000) },
      ttlSeconds: 60,
    });
    expect(command).toMatchObject({
      status: 400,
      body: { code: 'PAYLOAD_TOO_DEEP', message: `/params/delay${'/0'.repeat(14)}: nesting deeper than 16` },
    });
  });

  it("the reported side is state-workers' cached current state; a state request gets desired and delta", async () => {
    const device = await provisionDevice(instance);
    await instance.api('PUT', `/devices/${device.deviceId}/desired`, {
      state: { setpoint: 19, mode: 'eco' },
    });
    expect(await readShadow(device)).toMatchObject({ reported: null, delta: { setpoint: 19, mode: 'eco' } });
    await reportState(device, { setpoint: 21, mode: 'eco' }, 2_000_000, 42);
    expect(await readShadow(device)).toMatchObject({
      reported: {
        state: { setpoint: 21, mode: 'eco' },
        seq: 42,
        reportedAt: new Date(2_000_000).toISOString(),
      },
      delta: { setpoint: 19 },
    });
    // The device view answers the device, this shadow and the product's name, features and mapping at once.
    const view = await instance.api<DeviceViewResponse>('GET', `/devices/${device.deviceId}/view`);
    const alone = await instance.api<DeviceResponse>('GET', `/devices/${device.deviceId}`);
    expect(view).toEqual({
      status: 200,
      body: {
        ...alone.body,
        productName: 'Thermostat',
        features: ['setpoint', 'mode', 'temperature'],
        assistantMapping: null,
        shadow: await readShadow(device),
      },
    });
    expect(await instance.api('GET', '/devices/dev-missing/view')).toMatchObject({
      status: 404,
      body: { code: 'DEVICE_NOT_FOUND' },
    });

    const { client, received } = await connect(device);
    await client.subscribeAsync([buildDeviceTopicFilter('delta', device)], { qos: 1 });
    await client.publishAsync(buildDeviceTopic('stateRequest', device), '{}', { qos: 1 });
    const delta = await received.waitFor((message) => message.topic === buildDeviceTopic('delta', device));
    expect(delta.body).toEqual({ version: 1, state: { setpoint: 19 } });
  });

  it('a state stored before the device was created (a deleted device that had the id) or a tombstone is no reported state', async () => {
    const device = await provisionDevice(instance);
    await environment.writeCurrentState(device, 3, {
      vendorId: device.vendorId,
      deviceId: device.deviceId,
      state: { setpoint: 30 },
      revision: 3,
      reportedAt: 1_000,
      storedAt: 1_000,
    });
    expect(await readShadow(device)).toMatchObject({ reported: null });
    await environment.writeCurrentState(device, 4);
    expect(await readShadow(device)).toMatchObject({ reported: null });
  });

  it("a cached state that is not the contract's document is refused with 500; a desired change still goes out, without a delta", async () => {
    const device = await provisionDevice(instance);
    await environment.writeCurrentState(device, 5, {
      vendorId: device.vendorId,
      deviceId: device.deviceId,
      state: { setpoint: 21 },
      revision: 5,
      reportedAt: -1,
      storedAt: Date.now(),
    });
    expect(await instance.api('GET', `/devices/${device.deviceId}/shadow`)).toMatchObject({
      status: 500,
      body: { code: 'CURRENT_STATE_UNREADABLE' },
    });

    const skippedBefore = await readMetric(instance, 'broker_background_failures_total', {
      task: 'desired-delta',
    });
    const { client, received } = await connect(device);
    await client.subscribeAsync(
      [buildDeviceTopicFilter('desired', device), buildDeviceTopicFilter('delta', device)],
      { qos: 1 },
    );
    const patch = await instance.api('PATCH', `/devices/${device.deviceId}/desired`, {
      state: { setpoint: 18 },
    });
    expect(patch).toMatchObject({ status: 200, body: { version: 1, state: { setpoint: 18 } } });
    await received.waitFor((message) => message.topic === buildDeviceTopic('desired', device));
    expect(await readMetric(instance, 'broker_background_failures_total', { task: 'desired-delta' })).toBe(
      skippedBefore + 1,
    );
    expect(received.messages.map((message) => message.topic)).toEqual([buildDeviceTopic('desired', device)]);
  });

  it('after a desired change, a connected device with a reported state gets the new delta', async () => {
    const device = await provisionDevice(instance);
    await reportState(device, { setpoint: 21 }, Date.now());
    const { client, received } = await connect(device);
    await client.subscribeAsync(buildDeviceTopicFilter('delta', device), { qos: 1 });
    await instance.api('PATCH', `/devices/${device.deviceId}/desired`, {
      state: { setpoint: 18, fan: 'auto' },
    });
    const delta = await received.waitFor((message) => message.topic === buildDeviceTopic('delta', device));
    expect(delta.body).toEqual({ version: 1, state: { setpoint: 18, fan: 'auto' } });
  });

  it('a command whose TTL ran out before the device connected is never delivered; a live one is, on subscribe', async () => {
    const device = await provisionDevice(instance);
    const post = (name: string, ttlSeconds: number) =>
      instance.api<CommandResponse>('POST', `/devices/${device.deviceId}/commands`, {
        name,
        params: {},
        ttlSeconds,
      });
    const expired = await post('reboot', 1);
    expect(expired).toMatchObject({ status: 201, body: { status: 'pending' } });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const live = await post('blink', 60);

    const { client, received } = await connect(device);
    await client.subscribeAsync(buildDeviceTopicFilter('command', device), { qos: 1 });
    const delivered = await received.waitFor((message) => message.topic.endsWith(live.body.id));
    expect(delivered.body).toMatchObject({ commandId: live.body.id, name: 'blink', params: {} });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.messages.map((message) => message.topic)).not.toContain(
      buildDeviceTopic('command', { ...device, commandId: expired.body.id }),
    );
    const expiredNow = await instance.api<CommandResponse>(
      'GET',
      `/devices/${device.deviceId}/commands/${expired.body.id}`,
    );
    expect(expiredNow.body).toMatchObject({ status: 'expired', deliveredAt: null });
    await eventually(
      async () =>
        (await instance.api<CommandResponse>('GET', `/devices/${device.deviceId}/commands/${live.body.id}`))
          .body,
      (command) => command.status === 'delivered',
    );
  });

  it('a command sent to a connected device arrives at once, and its acknowledgement shows in its status', async () => {
    const device = await provisionDevice(instance);
    const { client, received } = await connect(device);
    await client.subscribeAsync(buildDeviceTopicFilter('command', device), { qos: 1 });
    const command = await instance.api<CommandResponse>('POST', `/devices/${device.deviceId}/commands`, {
      name: 'reboot',
      params: { delaySeconds: 5 },
      ttlSeconds: 60,
    });
    const message = await received.waitFor((candidate) => candidate.topic.endsWith(command.body.id));
    expect(message.body).toMatchObject({ name: 'reboot', params: { delaySeconds: 5 } });

    const ackTopic = buildDeviceTopic('commandAck', { ...device, commandId: command.body.id });
    await client.publishAsync(ackTopic, JSON.stringify({ status: 'done', result: { rebooted: true } }), {
      qos: 1,
    });
    const acknowledged = await eventually(
      async () =>
        (
          await instance.api<CommandResponse>(
            'GET',
            `/devices/${device.deviceId}/commands/${command.body.id}`,
          )
        ).body,
      (current) => current.ackedAt !== null,
    );
    expect(acknowledged).toMatchObject({
      status: 'done',
      ack: { status: 'done', result: { rebooted: true } },
    });
    const list = await instance.api<{ items: CommandResponse[] }>(
      'GET',
      `/devices/${device.deviceId}/commands`,
    );
    expect(list.body.items.map((item) => item.id)).toEqual([command.body.id]);
  });
});
