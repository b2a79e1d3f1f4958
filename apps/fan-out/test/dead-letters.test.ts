import { buildDeviceTopic, maxDevicePayloadBytes } from '@homeport/contracts';
import type { DeadLetter } from '@homeport/messaging';
import { createTcpRelay, createUniqueName, readTestServerUrls, type TcpRelay } from '@homeport/testing';
import {
  collectEnvelopes,
  createTestEnv,
  deleteTopology,
  hasArrived,
  startTestFanOut,
  takeDeadLetters,
  type EnvelopeCollector,
  type TestFanOut,
  waitUntilSubscribed,
} from './support/fan-out-harness';
import { startFakeDeviceRegistry, type FakeDeviceRegistry } from './support/fake-device-registry';
import { startMosquitto, type TestMosquitto } from '@homeport/testing';
import { waitFor } from '@homeport/testing';

const telemetryTopic = (deviceId: string, vendorId = 'acme'): string =>
  buildDeviceTopic('telemetry', { vendorId, deviceId });
// Not buildable with contracts (it refuses invalid ids), but anyone may publish it on a third-party broker.
const badIdTopic = 'homeport/v1/acme/bad!id/telemetry';
const telemetry = (seq: number): string => JSON.stringify({ seq, metrics: { temperature: 20 } });

describe('poison messages end in the dead-letter queue (device registry check on)', () => {
  let mosquitto: TestMosquitto;
  let registry: FakeDeviceRegistry;
  let rabbitRelay: TcpRelay;
  let prefix: string;
  let collector: EnvelopeCollector;
  let fanOut: TestFanOut;
  const publish = (topic: string, message: string): Promise<void> => mosquitto.publish(topic, message);
  const metric = (name: string): Promise<number> => fanOut.metric(name);

  beforeAll(async () => {
    mosquitto = await startMosquitto();
    registry = await startFakeDeviceRegistry();
    registry.devices.set('thermostat-0042', 'acme');
    registry.devices.set('boiler-9', 'acme');
    registry.devices.set('pump-1', 'globex');
    const rabbit = new URL(readTestServerUrls().amqpUrl);
    rabbitRelay = await createTcpRelay({ host: rabbit.hostname, port: Number(rabbit.port || 5672) });
    rabbit.host = `127.0.0.1:${rabbitRelay.port}`;
    prefix = `${createUniqueName('fan_out_dlq')}.`;
    collector = await collectEnvelopes(prefix);
    fanOut = await startTestFanOut(
      createTestEnv({
        MQTT_URL: mosquitto.url,
        MQTT_CLIENT_ID: 'fan-out-dlq',
        AMQP_URL: rabbit.toString(),
        AMQP_NAME_PREFIX: prefix,
        AMQP_PUBLISH_TIMEOUT_MS: '300',
        DEVICE_REGISTRY_URL: registry.url,
        DEVICE_REGISTRY_TOKEN: registry.token,
        DEVICE_REGISTRY_TIMEOUT_MS: '300',
      }),
    );
    await waitUntilSubscribed(fanOut, 'fan-out subscribed');
  });
  afterAll(async () => {
    await rabbitRelay.resume().catch(() => undefined);
    await registry.relay.resume().catch(() => undefined);
    await fanOut.stop();
    await collector.close();
    await rabbitRelay.close();
    await registry.close();
    await deleteTopology(prefix);
    await mosquitto.stop();
  });
  beforeEach(() => {
    collector.received.length = 0;
  });

  it('each poison kind from mosquitto_pub is dead-lettered with its reason and code, and the good message behind it arrives', async () => {
    const thermostat = telemetryTopic('thermostat-0042');
    const poison: [string, string][] = [
      [thermostat, 'not json {'],
      [thermostat, 'x'.repeat(maxDevicePayloadBytes + 10)],
      [badIdTopic, telemetry(1)],
      [thermostat, JSON.stringify({ metrics: 'not an object' })],
      [telemetryTopic('ghost-1'), telemetry(1)],
      [telemetryTopic('pump-1'), telemetry(1)],
    ];
    for (const [topic, message] of poison) await publish(topic, message);
    await publish(thermostat, telemetry(42));

    await waitFor(
      () => hasArrived(collector.received, ['acme/thermostat-0042/telemetry/42']),
      'the good one',
    );
    // Handled side by side, so dead-lettered in the order they finish: sorted by what they were.
    const kinds = [
      'PAYLOAD_NOT_JSON',
      'PAYLOAD_TOO_LARGE',
      'DEVICE_ID_INVALID',
      'PAYLOAD_INVALID',
      'DEVICE_UNKNOWN',
    ];
    const letters = (await takeDeadLetters(collector, poison.length)).sort(
      (a, b) =>
        kinds.indexOf(a.errorCode) - kinds.indexOf(b.errorCode) ||
        String(a.headers['x-source-topic']).localeCompare(String(b.headers['x-source-topic'])),
    );
    expect(collector.received).toHaveLength(1);
    const summary = (letter: DeadLetter) => [
      letter.errorCode,
      letter.headers['x-source-topic'],
      letter.attempts,
    ];
    expect(letters.map(summary)).toEqual([
      ['PAYLOAD_NOT_JSON', thermostat, 0],
      ['PAYLOAD_TOO_LARGE', thermostat, 0],
      ['DEVICE_ID_INVALID', badIdTopic, 0],
      ['PAYLOAD_INVALID', thermostat, 0],
      ['DEVICE_UNKNOWN', telemetryTopic('ghost-1'), 0],
      ['DEVICE_UNKNOWN', telemetryTopic('pump-1'), 0],
    ]);
    const [notJson, tooLarge, badId, invalid, unknown, otherVendor] = letters;
    expect(notJson).toMatchObject({ type: 'device.telemetry.v1', body: 'not json {' });
    expect(notJson?.reason).toBe('the payload is not UTF-8 JSON');
    expect(tooLarge?.reason).toMatch(/^65546 bytes exceed the limit of 65536 bytes/);
    expect(tooLarge?.body).toHaveLength(maxDevicePayloadBytes);
    expect(badId?.reason).toBe('not usable as Homeport ids: acme/bad!id');
    expect(invalid?.reason).toContain('/payload/metrics');
    expect(unknown?.reason).toBe('device ghost-1 is not registered');
    expect(otherVendor?.reason).toBe('device pump-1 is registered under another vendor than acme');
    await waitFor(async () => (await metric('fan_out_messages_in_flight')) === 0, 'nothing in flight');
    expect(await metric('fan_out_messages_refused_total')).toBe(poison.length);
    expect(fanOut.fatalErrors).toEqual([]);
  });

  it('payloads beyond the limits (issue 13: 5,000 nested arrays) are dead-lettered with the code and path, and fan-out keeps forwarding', async () => {
    const reportedTopic = buildDeviceTopic('reported', { vendorId: 'acme', deviceId: 'thermostat-0042' });
    const deep = `{"seq":1,"ts":1763719200000,"state":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const hostile: [string, string][] = [
      [reportedTopic, deep],
      [reportedTopic, '{"seq":2,"state":{"__proto__":{"admin":true}}}'],
      [reportedTopic, JSON.stringify({ seq: 3, ts: Date.now() + 10 * 365 * 86_400_000, state: { t: 1 } })],
    ];
    for (const [topic, message] of hostile) await publish(topic, message);
    await publish(telemetryTopic('thermostat-0042'), telemetry(44));

    await waitFor(
      () => hasArrived(collector.received, ['acme/thermostat-0042/telemetry/44']),
      'the innocent message',
    );
    const letters = await takeDeadLetters(collector, hostile.length);
    const byCode = new Map(letters.map((letter) => [letter.errorCode, letter]));
    expect([...byCode.keys()].sort()).toEqual([
      'PAYLOAD_FORBIDDEN_KEY',
      'PAYLOAD_TOO_DEEP',
      'PAYLOAD_TS_INVALID',
    ]);
    expect(byCode.get('PAYLOAD_TOO_DEEP')).toMatchObject({
      type: 'device.reported.v1',
      body: deep,
      reason: `/state/a${'/0'.repeat(14)}: nesting deeper than 16`,
    });
    expect(byCode.get('PAYLOAD_FORBIDDEN_KEY')?.reason).toBe(
      '/state/__proto__: property name __proto__ is not allowed',
    );
    expect(byCode.get('PAYLOAD_TS_INVALID')?.reason).toMatch(/^\/ts: ts .* is more than a day ahead/);
    expect(collector.received).toHaveLength(1);
    expect(fanOut.fatalErrors).toEqual([]);
  });

  it('when the registry is unreachable, the message is held unacknowledged and arrives once it is back', async () => {
    const retriesBefore = await metric('fan_out_publish_retries_total');
    await registry.relay.pause();
    await publish(telemetryTopic('boiler-9'), telemetry(7)); // not cached yet
    await waitFor(
      async () => (await metric('fan_out_publish_retries_total')) >= retriesBefore + 2,
      'lookups tried again',
    );
    expect(await metric('fan_out_messages_in_flight')).toBe(1);
    expect(collector.received).toEqual([]);

    await registry.relay.resume();
    await waitFor(() => hasArrived(collector.received, ['acme/boiler-9/telemetry/7']), 'the held message');
    await waitFor(async () => (await metric('fan_out_messages_in_flight')) === 0, 'nothing in flight');
    expect(await collector.takeDeadLetters(10)).toEqual([]);
    expect(fanOut.fatalErrors).toEqual([]);
  });

  it('when RabbitMQ is away, a refused message stays unacknowledged until its dead letter is confirmed', async () => {
    const retriesBefore = await metric('fan_out_publish_retries_total');
    await rabbitRelay.pause();
    await publish(telemetryTopic('thermostat-0042'), 'still not json');
    await publish(telemetryTopic('thermostat-0042'), telemetry(43));
    // Both in hand (the window has room); neither acknowledged while RabbitMQ is away. Two retries may both
    // be the first message's, before the second has even arrived: wait for the two in flight themselves.
    await waitFor(async () => (await metric('fan_out_messages_in_flight')) === 2, 'both in hand');
    await waitFor(
      async () => (await metric('fan_out_publish_retries_total')) >= retriesBefore + 2,
      'dead-lettering tried again',
    );
    expect(collector.received).toEqual([]);

    await rabbitRelay.resume();
    const [letter] = await takeDeadLetters(collector, 1);
    expect(letter).toMatchObject({ errorCode: 'PAYLOAD_NOT_JSON', body: 'still not json' });
    await waitFor(
      () => hasArrived(collector.received, ['acme/thermostat-0042/telemetry/43']),
      'the message behind it',
    );
    expect(fanOut.fatalErrors).toEqual([]);
  }, 20_000);
});
