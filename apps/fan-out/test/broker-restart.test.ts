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
import { waitFor } from '@homeport/testing';

const devices = Array.from({ length: 10 }, (_, index) => ({ vendorId: 'acme', deviceId: `valve-${index}` }));

describe('when the source broker restarts', () => {
  let mosquitto: TestMosquitto;
  let prefix: string;
  let collector: Awaited<ReturnType<typeof collectEnvelopes>>;
  let fanOut: TestFanOut;
  let publisher: MqttClient;

  beforeAll(async () => {
    mosquitto = await startMosquitto();
    prefix = `${createUniqueName('fan_out_restart')}.`;
    fanOut = await startTestFanOut(
      createTestEnv({
        MQTT_URL: mosquitto.url,
        AMQP_NAME_PREFIX: prefix,
        MQTT_CLIENT_ID: 'fan-out-restart',
        // One message at a time, so the restart surely comes while the 1,000 are still being forwarded.
        MQTT_RECEIVE_MAXIMUM: '1',
      }),
    );
    collector = await collectEnvelopes(prefix);
    publisher = await connectPublisher(mosquitto.url);
    await waitUntilSubscribed(fanOut, 'subscribed');
  });
  afterAll(async () => {
    await publisher.endAsync(true);
    await fanOut.stop();
    await collector.close();
    await deleteTopology(prefix);
    await mosquitto.stop();
  });

  it('mid-stream, fan-out reconnects, resumes its session and loses nothing', async () => {
    // Everything is in the broker (PUBACKed to the publisher) before the restart; fan-out drains it meanwhile.
    await Promise.all(devices.map((device) => publishTelemetry(publisher, device, 0, 100)));
    await waitFor(
      async () => (await fanOut.metric('fan_out_messages_forwarded_total')) >= 100,
      'the stream under way',
    );
    await mosquitto.restart();
    const forwardedAtRestart = await fanOut.metric('fan_out_messages_forwarded_total');
    expect(forwardedAtRestart).toBeLessThan(1000); // the restart really was mid-stream

    await waitUntilSubscribed(fanOut, 'reconnected');
    await waitFor(() => publisher.connected, 'publisher reconnected');
    await Promise.all(devices.map((device) => publishTelemetry(publisher, device, 100, 10)));
    await waitFor(() => countById(collector.received).size === 1100, 'all 1100 envelopes', {
      timeoutMs: 20_000,
    });
    expect(fanOut.fatalErrors).toEqual([]);
  }, 30_000);
});
