import { connectAsync } from 'mqtt';
import { createUniqueName, sleep, startMosquitto, waitFor, type TestMosquitto } from '@homeport/testing';
import type { IncomingDeviceMessage } from '../src/domain/device-message';
import { startMqttSource, type MqttSource } from '../src/entry-points/mqtt-source';
import { connectPublisher } from './support/publishers';

const seqOf = (message: IncomingDeviceMessage): number =>
  (JSON.parse(message.payload.toString()) as { seq: number }).seq;

describe('an MQTT 3.1.1 session resuming with a backlog that keeps its window full', () => {
  let mosquitto: TestMosquitto;
  let source: MqttSource | undefined;

  beforeAll(async () => {
    // No in-flight limit, as aedes: the whole queue streams to the session at once, ahead of any PINGRESP.
    mosquitto = await startMosquitto({ maxInflightMessages: 0 });
  });
  afterAll(async () => {
    await source?.stop();
    await mosquitto.stop();
  });

  it('stays connected for longer than its keepalive and gets each message once', async () => {
    const clientId = createUniqueName('keepalive_test');
    const topic = `keepalive-test/${clientId}`;
    const session = await connectAsync(mosquitto.url, { clientId, clean: false, protocolVersion: 4 });
    await session.subscribeAsync(topic, { qos: 1 });
    await session.endAsync();
    // 50 ms a message, 5 at once: about 3 s of backlog, three times the keepalive.
    const count = 300;
    const publisher = await connectPublisher(mosquitto.url);
    await Promise.all(
      Array.from({ length: count }, (_, seq) =>
        publisher.publishAsync(topic, JSON.stringify({ seq }), { qos: 1 }),
      ),
    );
    await publisher.endAsync();

    const deliveries: number[] = [];
    let closes = 0;
    source = startMqttSource({
      connection: {
        url: mosquitto.url,
        protocolVersion: 4,
        keepaliveS: 1,
        sessionExpiryS: 3600,
        receiveMaximum: 5,
        reconnectMs: 100,
        connectTimeoutMs: 5000,
      },
      clientId,
      filters: [topic],
      handle: async (message) => {
        deliveries.push(seqOf(message));
        await sleep(50); // the messages in hand, e.g. waiting for RabbitMQ's confirm
      },
      onError: () => undefined,
      onClose: () => (closes += 1),
      onFatal: (error) => {
        throw error;
      },
    });
    await waitFor(() => deliveries.length >= count, `${count} messages handled`, { timeoutMs: 20_000 });

    // Before the fix: closed as dead after 1.5 s (the PINGRESP unread behind the backlog), every message in
    // hand delivered again on the next connection, and so on while the backlog lasted.
    expect(closes).toBe(0);
    expect(deliveries).toEqual(Array.from({ length: count }, (_, seq) => seq));
  });
});
