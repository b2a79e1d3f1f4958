import { buildDeviceTopic, buildDeviceTopicFilter } from '@homeport/contracts';
import {
  fanoutToken,
  observerToken,
  createTestEnvironment,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import {
  connectClient,
  connectDevice,
  readConnackRefusal,
  readGranted,
  recordMessages,
  waitForClose,
} from './support/mqtt-clients';
import { createVendorId, provisionDevice, type TestDevice } from './support/provisioning';

const badUserNameOrPassword = 4;
const identifierRejected = 2;
const notAuthorized = 5;
const subackFailure = 128;

describe('MQTT access: authentication and authorization', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  let vendorId: string;

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_access');
    instance = await environment.startInstance({ MQTT_PUBLISH_BURST: '5', MQTT_MAX_PAYLOAD_BYTES: '1024' });
    vendorId = createVendorId();
  });
  afterAll(async () => {
    await environment.close();
  });

  const provision = (): Promise<TestDevice> => provisionDevice(instance, { vendorId });
  const connectFanout = () =>
    connectClient(instance.mqttUrl, {
      clientId: 'service:fanout',
      username: 'service:fanout',
      password: fanoutToken,
    });

  it('a wrong password, an unknown device, a foreign client id and a revoked credential are refused', async () => {
    const device = await provision();
    const url = instance.mqttUrl;
    const as = (overrides: Partial<TestDevice>) => ({ ...device, ...overrides });
    const options = (d: TestDevice, clientId = d.deviceId) => ({
      clientId,
      username: d.deviceId,
      password: d.secret,
    });
    expect(await readConnackRefusal(url, options(as({ secret: `${device.secret}x` })))).toBe(
      badUserNameOrPassword,
    );
    expect(await readConnackRefusal(url, options(as({ deviceId: 'no-such-device' })))).toBe(
      badUserNameOrPassword,
    );
    expect(await readConnackRefusal(url, { clientId: device.deviceId, username: device.deviceId })).toBe(
      badUserNameOrPassword,
    );
    expect(await readConnackRefusal(url, options(device, 'another-id'))).toBe(identifierRejected);

    const client = await connectDevice(url, device); // the credential works ...
    await client.endAsync();
    await instance.api('POST', `/devices/${device.deviceId}/credentials/${device.credentialId}/revoke`);
    expect(await readConnackRefusal(url, options(device))).toBe(badUserNameOrPassword); // ... until revoked
  });

  it('a will on a topic the device may not publish is refused at CONNECT (5, not authorized)', async () => {
    const [device, other] = [await provision(), await provision()];
    const will = {
      topic: buildDeviceTopic('telemetry', other),
      payload: Buffer.from('{}'),
      qos: 1 as const,
      retain: false,
    };
    const options = { clientId: device.deviceId, username: device.deviceId, password: device.secret, will };
    expect(await readConnackRefusal(instance.mqttUrl, options)).toBe(notAuthorized);
    const ownWill = { ...will, topic: buildDeviceTopic('event', device) };
    const client = await connectDevice(instance.mqttUrl, device, { will: ownWill });
    await client.endAsync();
  });

  it('an MQTT 5 client is refused with 1 (unacceptable protocol version): aedes 1.2 speaks MQTT 3.1.1', async () => {
    const device = await provision();
    const options = { clientId: device.deviceId, username: device.deviceId, password: device.secret };
    expect(await readConnackRefusal(instance.mqttUrl, { ...options, protocolVersion: 5 })).toBe(1);
  });

  it('revoking the credential of a connected device disconnects it within 5 s', async () => {
    const device = await provision();
    const client = await connectDevice(instance.mqttUrl, device);
    const revokedAt = Date.now();
    await instance.api('POST', `/devices/${device.deviceId}/credentials/${device.credentialId}/revoke`);
    await waitForClose(client, 5000);
    expect(Date.now() - revokedAt).toBeLessThan(5000);
    await client.endAsync(true);
  });

  it('deleting a connected device disconnects it and refuses it afterwards', async () => {
    const device = await provision();
    const client = await connectDevice(instance.mqttUrl, device);
    expect((await instance.api('DELETE', `/devices/${device.deviceId}`)).status).toBe(204);
    await waitForClose(client, 5000);
    await client.endAsync(true);
    const options = { clientId: device.deviceId, username: device.deviceId, password: device.secret };
    expect(await readConnackRefusal(instance.mqttUrl, options)).toBe(badUserNameOrPassword);
  });

  it('device A can neither subscribe to nor publish on device B topics, and is told so', async () => {
    const [deviceA, deviceB] = [await provision(), await provision()];
    const fanout = await connectFanout();
    const seen = recordMessages(fanout);
    await fanout.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });
    const clientA = await connectDevice(instance.mqttUrl, deviceA);

    const filters = [
      buildDeviceTopicFilter('desired', deviceB),
      buildDeviceTopicFilter('desired', deviceA),
      '#',
    ];
    expect(await readGranted(clientA, filters)).toEqual([subackFailure, 1, subackFailure]);

    const own = buildDeviceTopic('telemetry', deviceA);
    await clientA.publishAsync(own, JSON.stringify({ metrics: { t: 1 } }), { qos: 1 });
    await seen.waitFor((message) => message.topic === own);

    // MQTT 3.1.1 has no refusal code for PUBLISH: the broker closes the connection (§3.3.5).
    clientA.publish(buildDeviceTopic('telemetry', deviceB), JSON.stringify({ metrics: { t: 2 } }), {
      qos: 1,
    });
    await waitForClose(clientA, 2000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.messages.filter((message) => message.topic.includes(deviceB.deviceId))).toEqual([]);
    await Promise.all([clientA.endAsync(true), fanout.endAsync()]);

    const metrics = await (await fetch(`${instance.running.http.url}/metrics`)).text();
    expect(metrics).toMatch(
      /mqtt_refusals_total\{[^}]*action="publish"[^}]*reason="not_authorized"[^}]*\} 1/,
    );
    expect(metrics).toMatch(
      /mqtt_refusals_total\{[^}]*action="subscribe"[^}]*reason="not_authorized"[^}]*\} 2/,
    );
  });

  it.each([
    ['a payload over the size limit', () => JSON.stringify({ metrics: { text: 'x'.repeat(2000) } })],
    ['a payload that is not JSON', () => 'not json'],
  ])('%s closes the connection', async (_name, payload) => {
    const device = await provision();
    const client = await connectDevice(instance.mqttUrl, device);
    client.publish(buildDeviceTopic('telemetry', device), payload(), { qos: 1 });
    await waitForClose(client, 2000);
    await client.endAsync(true);
  });

  it('a payload beyond the payload limits closes the connection, is counted, never reaches fan-out, and an innocent device publishing meanwhile is forwarded', async () => {
    const [hostile, innocent] = [await provision(), await provision()];
    const fanout = await connectFanout();
    const seen = recordMessages(fanout);
    await fanout.subscribeAsync(buildDeviceTopicFilter('reported'), { qos: 1 });
    const [hostileClient, innocentClient] = await Promise.all([
      connectDevice(instance.mqttUrl, hostile),
      connectDevice(instance.mqttUrl, innocent),
    ]);
    // 400 nested arrays: within this instance's 1024 byte packet limit (issue 13's 10 KB has 5,000).
    const deep = `{"seq":1,"state":{"a":${'['.repeat(400)}${']'.repeat(400)}}}`;
    hostileClient.publish(buildDeviceTopic('reported', hostile), deep, { qos: 1 });
    const innocentTopic = buildDeviceTopic('reported', innocent);
    await innocentClient.publishAsync(innocentTopic, JSON.stringify({ seq: 1, state: { t: 20 } }), {
      qos: 1,
    });

    await waitForClose(hostileClient, 2000);
    await seen.waitFor((message) => message.topic === innocentTopic);
    expect(seen.messages.filter((message) => message.topic.includes(hostile.deviceId))).toEqual([]);
    await Promise.all([hostileClient.endAsync(true), innocentClient.endAsync(), fanout.endAsync()]);
    const metrics = await (await fetch(`${instance.running.http.url}/metrics`)).text();
    expect(metrics).toMatch(
      /mqtt_refusals_total\{[^}]*action="publish"[^}]*reason="payload_limit_exceeded"[^}]*\} 1/,
    );
  });

  it('a device over its publish rate limit is disconnected', async () => {
    const device = await provision();
    const client = await connectDevice(instance.mqttUrl, device);
    for (let index = 0; index < 20; index += 1) {
      client.publish(buildDeviceTopic('telemetry', device), JSON.stringify({ metrics: { index } }), {
        qos: 0,
      });
    }
    await waitForClose(client, 2000);
    await client.endAsync(true);
  });

  it('a persistent session subscribing to several filters in one SUBSCRIBE gets its SUBACK', async () => {
    // aedes 1.2 stores such a SUBSCRIBE once per filter, concurrently (moscajs/aedes#458); see
    // adapters/serialized-subscription-writes.ts. fan-out subscribes like this.
    const fanout = await connectClient(instance.mqttUrl, {
      clientId: 'service:fanout',
      username: 'service:fanout',
      password: fanoutToken,
      clean: false,
    });
    const filters = (['reported', 'telemetry', 'event'] as const).map((kind) => buildDeviceTopicFilter(kind));
    const granted = await fanout.subscribeAsync(filters, { qos: 1 });
    expect(granted.map((grant) => grant.qos)).toEqual([1, 1, 1]);
    await fanout.endAsync();
  });

  it('a service connects only with exactly its own client id or, when allowed, an exact partition session id', async () => {
    const fanout = { username: 'service:fanout', password: fanoutToken };
    for (const clientId of [
      'service:fanoutX',
      'service:fanout-evil',
      'service:fanout:1',
      'service:fanout-p2of2',
    ]) {
      expect(await readConnackRefusal(instance.mqttUrl, { ...fanout, clientId })).toBe(identifierRejected);
    }
    const observer = { username: 'service:observer', password: observerToken };
    for (const clientId of ['service:observer-p0of2', 'service:observerX']) {
      expect(await readConnackRefusal(instance.mqttUrl, { ...observer, clientId })).toBe(identifierRejected);
    }
    for (const options of [
      { ...fanout, clientId: 'service:fanout' },
      { ...fanout, clientId: 'service:fanout-p1of2' },
      { ...observer, clientId: 'service:observer' },
    ]) {
      const client = await connectClient(instance.mqttUrl, options);
      await client.endAsync();
    }
  });

  it('a service reads every device telemetry, but no shared subscription, no commands and may not publish', async () => {
    expect(
      await readConnackRefusal(instance.mqttUrl, {
        clientId: 'service:fanout',
        username: 'service:fanout',
        password: 'wrong',
      }),
    ).toBe(badUserNameOrPassword);
    const fanout = await connectFanout();
    const filters = [
      buildDeviceTopicFilter('telemetry', { share: 'fanout' }),
      buildDeviceTopicFilter('command'),
      buildDeviceTopicFilter('presence'),
    ];
    expect(await readGranted(fanout, filters)).toEqual([subackFailure, subackFailure, 1]);
    const device = await provision();
    fanout.publish(buildDeviceTopic('telemetry', device), '{}', { qos: 1 });
    await waitForClose(fanout, 2000);
    await fanout.endAsync(true);
  });
});
