import { createUniqueName, startTestAedes, waitFor, type TestAedes } from '@homeport/testing';
import type { Aedes } from 'aedes';
import { connectAsync, type MqttClient } from 'mqtt';
import {
  collectEnvelopes,
  createTestEnv,
  deleteTopology,
  hasArrived,
  startTestFanOut,
  telemetryIds,
  waitUntilSubscribed,
  type TestFanOut,
} from './support/fan-out-harness';
import { publishTelemetry } from './support/publishers';

const device = { vendorId: 'acme', deviceId: 'meter-1' };

/** fan-out on `aedes` over MQTT 3.1.1 (as towards broker-api), a RabbitMQ collector and a device publisher. */
interface Scenario {
  readonly fanOut: TestFanOut;
  readonly publisher: MqttClient;
  /** Publishes 3 messages of a device from `firstSeq` and waits until all 3 are on the queue. */
  carry(firstSeq: number): Promise<void>;
  stop(): Promise<void>;
}

async function startScenario(aedes: TestAedes, env: Record<string, string>): Promise<Scenario> {
  const prefix = `${createUniqueName('fan_out_acks')}.`;
  const collector = await collectEnvelopes(prefix);
  const publisher = await connectAsync(aedes.url, { clean: true, reconnectPeriod: 100, protocolVersion: 4 });
  const fanOut = await startTestFanOut(
    createTestEnv({
      MQTT_URL: aedes.url,
      MQTT_PROTOCOL_VERSION: '4',
      AMQP_NAME_PREFIX: prefix,
      // Far beyond the test: only the wait under test may end the first connection.
      MQTT_KEEPALIVE_S: '60',
      LOG_LEVEL: 'warn',
      ...env,
    }),
  );
  return {
    fanOut,
    publisher,
    async carry(firstSeq) {
      await publishTelemetry(publisher, device, firstSeq, 3);
      await waitFor(
        () => hasArrived(collector.received, telemetryIds(device, firstSeq, 3)),
        'the 3 envelopes',
      );
    },
    async stop() {
      await publisher.endAsync(true);
      await fanOut.stop();
      await collector.close();
      await deleteTopology(prefix);
    },
  };
}

describe('a source broker that never answers fan-out SUBSCRIBE', () => {
  const clientId = 'fan-out-suback';
  let aedes: TestAedes;
  let scenario: Scenario;
  /** fan-out's connections that sent a SUBSCRIBE. */
  const subscribingConnections = new Set<unknown>();
  /** The first connection's SUBSCRIBE is never authorized, so never SUBACKed; later ones are. */
  const holdFirstSubscribe = (broker: Aedes) => {
    broker.authorizeSubscribe = (client, subscription, done) => {
      if (client.id === clientId) subscribingConnections.add(client);
      if (subscribingConnections.size === 1 && subscribingConnections.has(client)) return;
      done(null, subscription);
    };
  };

  beforeAll(async () => {
    aedes = await startTestAedes();
    holdFirstSubscribe(aedes.broker);
    scenario = await startScenario(aedes, { MQTT_CLIENT_ID: clientId, MQTT_SUBSCRIBE_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await scenario.stop();
    await aedes.close();
  });

  it('warns naming the session and its filters, reconnects, subscribes again and forwards what comes next', async () => {
    await waitFor(() => subscribingConnections.size === 1, 'the first SUBSCRIBE at the broker');
    await expect(scenario.fanOut.fanOut.readinessChecks['mqtt']?.()).rejects.toThrow(
      'not connected and subscribed',
    );

    await waitUntilSubscribed(scenario.fanOut, 'subscribed on the next connection');
    expect(subscribingConnections.size).toBe(2);
    expect(await scenario.fanOut.metric('fan_out_mqtt_subscribe_timeouts_total')).toBe(1);
    expect(await scenario.fanOut.metric('fan_out_mqtt_disconnects_total')).toBe(1);
    expect(scenario.fanOut.logLines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'MQTT SUBSCRIBE not acknowledged in time; reconnecting to subscribe again',
        clientId,
        filters: ['homeport/v1/+/+/state/reported', 'homeport/v1/+/+/telemetry', 'homeport/v1/+/+/events'],
        timeoutMs: 1000,
      }),
    );

    await scenario.carry(0);
    expect(scenario.fanOut.fatalErrors).toEqual([]);
  });

  it('when the broker comes back without the session (no persistence), fan-out subscribes again and forwards what comes next', async () => {
    await aedes.close();
    aedes = await startTestAedes({ port: aedes.port });
    holdFirstSubscribe(aedes.broker);

    await waitFor(() => subscribingConnections.size === 3, 'a SUBSCRIBE to the new broker');
    await waitUntilSubscribed(scenario.fanOut, 'subscribed on the new broker');
    await waitFor(() => scenario.publisher.connected, 'publisher reconnected');
    await scenario.carry(3);
    expect(await scenario.fanOut.metric('fan_out_mqtt_subscribe_timeouts_total')).toBe(1);
    expect(scenario.fanOut.fatalErrors).toEqual([]);
  });
});

describe('a source broker that never answers fan-out CONNECT', () => {
  const clientId = 'fan-out-connack';
  let aedes: TestAedes;
  let scenario: Scenario;
  let connects = 0;

  beforeAll(async () => {
    aedes = await startTestAedes();
    // The first CONNECT is never authenticated, so never CONNACKed; later ones are.
    aedes.broker.authenticate = (client, _username, _password, done) => {
      if (client.id === clientId && (connects += 1) === 1) return;
      done(null, true);
    };
    scenario = await startScenario(aedes, { MQTT_CLIENT_ID: clientId, MQTT_CONNECT_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await scenario.stop();
    await aedes.close();
  });

  it('warns, reconnects (mqtt.js connectTimeout), subscribes and forwards what comes next', async () => {
    await waitUntilSubscribed(scenario.fanOut, 'subscribed on the next connection');
    expect(connects).toBe(2);
    expect(scenario.fanOut.logLines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'MQTT connection problem; reconnecting',
        err: expect.objectContaining({ message: 'connack timeout' }) as unknown,
      }),
    );

    await scenario.carry(0);
    expect(scenario.fanOut.fatalErrors).toEqual([]);
  });
});
