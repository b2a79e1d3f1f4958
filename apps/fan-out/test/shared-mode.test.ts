import { createUniqueName } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import {
  collectEnvelopes,
  countById,
  createTestEnv,
  deleteTopology,
  startTestFanOut,
  type TestFanOut,
  waitUntilSubscribed,
} from './support/fan-out-harness';
import { startMosquitto, type TestMosquitto } from '@homeport/testing';
import { connectPublisher, publishTelemetry } from './support/publishers';
import { sleep, waitFor } from '@homeport/testing';

describe('shared mode (MQTT 5 shared subscriptions)', () => {
  let mosquitto: TestMosquitto;
  let prefix: string;
  let collector: Awaited<ReturnType<typeof collectEnvelopes>>;
  let instances: TestFanOut[];
  let publisher: MqttClient;

  beforeAll(async () => {
    mosquitto = await startMosquitto();
    prefix = `${createUniqueName('fan_out_shared')}.`;
    const env = (clientId: string) =>
      createTestEnv({
        MQTT_URL: mosquitto.url,
        AMQP_NAME_PREFIX: prefix,
        SUBSCRIPTION_MODE: 'shared',
        MQTT_CLIENT_ID: clientId,
      });
    instances = [
      await startTestFanOut(env('fan-out-0'), 'r0'),
      await startTestFanOut(env('fan-out-1'), 'r1'),
    ];
    collector = await collectEnvelopes(prefix);
    publisher = await connectPublisher(mosquitto.url);
    for (const instance of instances) {
      await waitUntilSubscribed(instance, 'subscribed');
    }
  });
  afterAll(async () => {
    await publisher.endAsync();
    for (const instance of instances) await instance.stop();
    await collector.close();
    await deleteTopology(prefix);
    await mosquitto.stop();
  });

  it('two replicas split 1000 messages and each reaches RabbitMQ exactly once', async () => {
    const devices = Array.from({ length: 10 }, (_, index) => ({
      vendorId: 'acme',
      deviceId: `meter-${index}`,
    }));
    await Promise.all(devices.map((device) => publishTelemetry(publisher, device, 0, 100)));

    await waitFor(() => collector.received.length >= 1000, '1000 envelopes');
    await sleep(200); // a duplicate would arrive right behind
    const counts = countById(collector.received);
    expect(counts.size).toBe(1000);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const forwardedBy = () =>
      Promise.all(instances.map((instance) => instance.metric('fan_out_messages_forwarded_total')));
    await waitFor(
      async () => (await forwardedBy()).reduce((sum, count) => sum + count, 0) === 1000,
      'all counted',
    );
    expect(Math.min(...(await forwardedBy()))).toBeGreaterThan(0); // both replicas took a share
  });
});
