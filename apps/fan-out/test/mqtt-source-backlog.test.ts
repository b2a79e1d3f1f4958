import { connectAsync } from 'mqtt';
import { createUniqueName, sleep, startMosquitto, waitFor, type TestMosquitto } from '@homeport/testing';
import type { IncomingDeviceMessage } from '../src/domain/device-message';
import { startMqttSource, type MqttMessageHandler, type MqttSource } from '../src/entry-points/mqtt-source';
import { connectPublisher } from './support/publishers';

const seqOf = (message: IncomingDeviceMessage): number =>
  (JSON.parse(message.payload.toString()) as { seq: number }).seq;

describe('an MQTT 3.1.1 session resuming with a backlog that keeps its window full', () => {
  const count = 300;
  let mosquitto: TestMosquitto;
  const sources: MqttSource[] = [];

  beforeAll(async () => {
    // No in-flight limit, as aedes: the whole queue streams to the session at once, ahead of any PINGRESP,
    // and mqtt.js has read more than the window.
    mosquitto = await startMosquitto({ maxInflightMessages: 0 });
  });
  afterAll(async () => {
    await Promise.all(sources.map((source) => source.stop()));
    await mosquitto.stop();
  });

  /**
   * A persistent session with `count` messages queued for it, resumed with a window of 5, keepalive 1 s and a
   * SUBACK wait of 1 s.
   */
  const resumeWithBacklog = async (handle: MqttMessageHandler, onClose: () => void): Promise<MqttSource> => {
    const clientId = createUniqueName('backlog_test');
    const topic = `backlog-test/${clientId}`;
    const session = await connectAsync(mosquitto.url, { clientId, clean: false, protocolVersion: 4 });
    await session.subscribeAsync(topic, { qos: 1 });
    await session.endAsync();
    const publisher = await connectPublisher(mosquitto.url);
    await Promise.all(
      Array.from({ length: count }, (_, seq) =>
        publisher.publishAsync(topic, JSON.stringify({ seq }), { qos: 1 }),
      ),
    );
    await publisher.endAsync();
    const source = startMqttSource({
      connection: {
        url: mosquitto.url,
        protocolVersion: 4,
        keepaliveS: 1,
        sessionExpiryS: 3600,
        receiveMaximum: 5,
        reconnectMs: 100,
        connectTimeoutMs: 5000,
        // Below the backlog's 3 s: the SUBACK comes behind the backlog, and reading it is no silence.
        subscribeTimeoutMs: 1000,
      },
      clientId,
      filters: [topic],
      handle,
      onError: () => undefined,
      onClose,
      onFatal: (error) => {
        throw error;
      },
    });
    sources.push(source);
    return source;
  };

  it('stays connected for longer than its keepalive and its SUBACK wait, and gets each message once', async () => {
    const deliveries: number[] = [];
    let closes = 0;
    // 50 ms a message, 5 at once: about 3 s of backlog, three times the keepalive.
    await resumeWithBacklog(
      async (message) => {
        deliveries.push(seqOf(message));
        await sleep(50); // the messages in hand, e.g. waiting for RabbitMQ's confirm
      },
      () => (closes += 1),
    );
    await waitFor(() => deliveries.length >= count, `${count} messages handled`, { timeoutMs: 20_000 });

    // Before the fix: closed as dead after 1.5 s (the PINGRESP unread behind the backlog), every message in
    // hand delivered again on the next connection, and so on while the backlog lasted.
    expect(closes).toBe(0);
    expect(deliveries).toEqual(Array.from({ length: count }, (_, seq) => seq));
  });

  it('closed anyway (its handlers stuck past the keepalive), handles nothing it had read on that connection, and gets every message on the next one', async () => {
    const handled = new Set<number>();
    let handledWhileDisconnected = 0;
    let closes = 0;
    // RabbitMQ away: the messages in hand wait until the connection gives up (keepalive timeout).
    let releaseStuck: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (releaseStuck = resolve));
    await resumeWithBacklog(
      async (message, signal) => {
        // Handled on a connection that had already closed.
        if (signal.aborted) handledWhileDisconnected += 1;
        handled.add(seqOf(message));
        if (closes === 0) await stuck;
      },
      () => {
        closes += 1;
        releaseStuck();
      },
    );
    await waitFor(() => handled.size === count, `all ${count} messages handled`, { timeoutMs: 20_000 });

    // Before the fix: what mqtt.js had read behind the full window was handled after the close, and its
    // PUBACKs went out on the next connection under packet ids that were not theirs there (aedes closes a
    // connection for that: "no such packet").
    expect(handledWhileDisconnected).toBe(0);
    expect(closes).toBe(1);
  });
});
