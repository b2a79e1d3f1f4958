import { createTcpRelay, createUniqueName, readTestServerUrls, type TcpRelay } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import {
  collectEnvelopes,
  hasArrived,
  telemetryIds,
  createTestEnv,
  deleteTopology,
  startTestFanOut,
  type TestFanOut,
  waitUntilSubscribed,
} from './support/fan-out-harness';
import { startMosquitto, type TestMosquitto } from '@homeport/testing';
import { connectPublisher, publishTelemetry } from './support/publishers';
import { sleep, waitFor } from '@homeport/testing';

const device = { vendorId: 'acme', deviceId: 'boiler-1' };

describe.each([
  ['MQTT 5', '5'],
  ['MQTT 3.1.1', '4'],
])('back-pressure when RabbitMQ is away (%s)', (_name, protocolVersion) => {
  let mosquitto: TestMosquitto;
  let relay: TcpRelay;
  let prefix: string;
  let collector: Awaited<ReturnType<typeof collectEnvelopes>>;
  let publisher: MqttClient;
  let env: Record<string, string>;
  const running: TestFanOut[] = [];

  beforeAll(async () => {
    mosquitto = await startMosquitto();
    const rabbit = new URL(readTestServerUrls().amqpUrl);
    relay = await createTcpRelay({ host: rabbit.hostname, port: Number(rabbit.port || 5672) });
    rabbit.host = `127.0.0.1:${relay.port}`;
    prefix = `${createUniqueName('fan_out_away')}.`;
    env = createTestEnv({
      MQTT_URL: mosquitto.url,
      AMQP_URL: rabbit.toString(),
      AMQP_NAME_PREFIX: prefix,
      AMQP_PUBLISH_TIMEOUT_MS: '300',
      MQTT_PROTOCOL_VERSION: protocolVersion,
      MQTT_CLIENT_ID: 'fan-out-away',
      SHUTDOWN_GRACE_MS: '0',
    });
    collector = await collectEnvelopes(prefix);
    publisher = await connectPublisher(mosquitto.url);
  });
  afterAll(async () => {
    await relay.resume().catch(() => undefined);
    for (const instance of running.splice(0)) await instance.stop();
    await publisher.endAsync();
    await collector.close();
    await relay.close();
    await deleteTopology(prefix);
    await mosquitto.stop();
  });
  beforeEach(() => {
    collector.received.length = 0;
  });

  const start = async (overrides: Record<string, string> = {}): Promise<TestFanOut> => {
    const instance = await startTestFanOut({ ...env, ...overrides });
    running.push(instance);
    await waitUntilSubscribed(instance, 'subscribed');
    return instance;
  };
  const stop = async (instance: TestFanOut): Promise<void> => {
    running.splice(running.indexOf(instance), 1);
    await instance.stop();
  };

  it('holds a window of messages unacknowledged, forwards nothing, then delivers everything once RabbitMQ is back', async () => {
    const fanOut = await start({ MQTT_RECEIVE_MAXIMUM: '10' });
    await relay.pause();
    await publishTelemetry(publisher, device, 0, 30);
    await waitFor(async () => (await fanOut.metric('fan_out_publish_retries_total')) >= 2, 'publish retries');
    // A full window in hand; the rest wait in the broker.
    await waitFor(async () => (await fanOut.metric('fan_out_messages_in_flight')) === 10, 'a full window');
    expect(await fanOut.metric('fan_out_messages_forwarded_total')).toBe(0);

    await relay.resume();
    await waitFor(() => hasArrived(collector.received, telemetryIds(device, 0, 30)), 'all 30 envelopes', {
      timeoutMs: 15_000,
    });
    expect(fanOut.fatalErrors).toEqual([]);
    await waitFor(async () => (await fanOut.metric('fan_out_messages_in_flight')) === 0, 'nothing in flight');
    await stop(fanOut);
  }, 20_000);

  it('an outage longer than the MQTT keepalive with a full window costs reconnects (the parked connection cannot read PINGRESP) but no message', async () => {
    const fanOut = await start({ MQTT_KEEPALIVE_S: '1', MQTT_RECEIVE_MAXIMUM: '10' });
    await relay.pause();
    await publishTelemetry(publisher, device, 200, 20);
    await waitFor(
      async () => (await fanOut.metric('fan_out_mqtt_disconnects_total')) >= 2,
      'two keepalive timeouts',
      { timeoutMs: 8000 },
    );
    await relay.resume();
    // Reconnects may add duplicates (same message id), never gaps.
    await waitFor(() => hasArrived(collector.received, telemetryIds(device, 200, 20)), 'all 20 envelopes', {
      timeoutMs: 15_000,
    });
    expect(fanOut.fatalErrors).toEqual([]);
    await stop(fanOut);
  }, 20_000);

  it('sends no PUBACK while unconfirmed: a successor resuming the session receives every message', async () => {
    const first = await start();
    await relay.pause();
    await publishTelemetry(publisher, device, 100, 30);
    await waitFor(async () => (await first.metric('fan_out_publish_retries_total')) >= 1, 'a failed publish');
    await sleep(200);
    await stop(first); // disconnects; whatever it had acknowledged would be gone from the session

    await relay.resume();
    await start({ AMQP_URL: readTestServerUrls().amqpUrl });
    await waitFor(
      () => hasArrived(collector.received, telemetryIds(device, 100, 30)),
      'all 30 envelopes from the successor',
      { timeoutMs: 15_000 },
    );
  }, 20_000);
});
