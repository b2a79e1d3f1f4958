import { createUniqueName } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import type { IncomingDeviceMessage } from '../src/domain/device-message';
import { startMqttSource, type MqttSource } from '../src/entry-points/mqtt-source';
import { startMosquitto, type TestMosquitto } from '@homeport/testing';
import { connectPublisher } from './support/publishers';
import { waitFor } from '@homeport/testing';

const seqOf = (message: IncomingDeviceMessage): number =>
  (JSON.parse(message.payload.toString()) as { seq: number }).seq;

describe.each([
  ['MQTT 5', 5],
  ['MQTT 3.1.1 (what aedes speaks)', 4],
] as const)('an MQTT source stopped gracefully over %s', (_name, protocolVersion) => {
  let mosquitto: TestMosquitto;
  let publisher: MqttClient;
  const sources: MqttSource[] = [];

  beforeAll(async () => {
    // No in-flight limit, as aedes: the whole queue streams to the session at once.
    mosquitto = await startMosquitto({ maxInflightMessages: 0 });
    publisher = await connectPublisher(mosquitto.url);
  });
  afterAll(async () => {
    await Promise.all(sources.map((source) => source.stop()));
    await publisher.endAsync();
    await mosquitto.stop();
  });

  const start = (
    clientId: string,
    handle: (message: IncomingDeviceMessage) => Promise<void>,
    receiveMaximum = 65_535,
  ) => {
    const source = startMqttSource({
      connection: {
        url: mosquitto.url,
        protocolVersion,
        keepaliveS: 30,
        sessionExpiryS: 3600,
        receiveMaximum,
        reconnectMs: 100,
        connectTimeoutMs: 5000,
        subscribeTimeoutMs: 5000,
      },
      clientId,
      filters: ['stop-test/#'],
      handle,
      onError: () => undefined,
      onFatal: (error) => {
        throw error;
      },
    });
    sources.push(source);
    return source;
  };

  it('when messages wait behind the ones in hand, the stop ends once the messages in hand are handled, and the next session of the id gets every message not acknowledged', async () => {
    const clientId = createUniqueName('stop_test');
    const topic = `stop-test/${clientId}`;
    const count = 100;
    const first: number[] = [];
    const window = 5;
    // The messages in hand (e.g. waiting for RabbitMQ's confirm) are held until the stop has begun, so the
    // window stays full however slowly the test polls.
    let release: () => void = () => undefined;
    const inHand = new Promise<void>((resolve) => {
      release = resolve;
    });
    const source = start(
      clientId,
      async (message) => {
        first.push(seqOf(message));
        await inHand;
      },
      window,
    );
    await waitFor(() => source.isConnected(), 'the first session subscribed');
    // More than mqtt.js and the socket buffer while the full window holds the next ones back.
    const padding = 'x'.repeat(4096);
    await Promise.all(
      Array.from({ length: count }, (_, seq) =>
        publisher.publishAsync(topic, JSON.stringify({ seq, padding }), { qos: 1 }),
      ),
    );
    await waitFor(() => first.length === window, 'a window of messages in hand');

    // Before the fix, the messages behind the ones in hand were never called back: mqtt.js stopped reading
    // the socket, never saw it close, and this stop (hence the lease hand-over) never ended. The grace is
    // beyond the test's timeout: a stop that only ended when its grace ran out fails the test.
    const stopping = source.stop(10 * 60_000);
    release();
    await stopping;
    expect(first).toEqual([0, 1, 2, 3, 4]);

    const second: number[] = [];
    start(clientId, (message) => {
      second.push(seqOf(message));
      return Promise.resolve();
    });
    await waitFor(() => second.length >= count - window, 'the rest in the next session');
    expect(second).toEqual(Array.from({ length: count - window }, (_, index) => index + window));
  });
});
