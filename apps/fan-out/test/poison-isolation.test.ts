import { buildDeviceTopic } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import { createUniqueName, startMosquitto, waitFor, type TestMosquitto } from '@homeport/testing';
import {
  collectEnvelopes,
  createTestEnv,
  deleteTopology,
  hasArrived,
  startTestFanOut,
  takeDeadLetters,
  waitUntilSubscribed,
  type EnvelopeCollector,
  type TestFanOut,
} from './support/fan-out-harness';

/** A bus whose publish fails as a bug would (a plain RangeError) for the messages of one device. */
function failingFor(deviceId: string): (bus: MessageBus) => MessageBus {
  return (bus) => ({
    ...bus,
    publish: (message, payload, options) =>
      (payload as { deviceId?: unknown }).deviceId === deviceId
        ? Promise.reject(new RangeError(`Invalid time value for ${deviceId}`))
        : bus.publish(message, payload, options),
  });
}

describe('fan-out given a message whose forwarding fails unexpectedly', () => {
  let mosquitto: TestMosquitto;
  let prefix: string;
  let collector: EnvelopeCollector;
  let fanOut: TestFanOut;
  const topic = (kind: 'reported' | 'telemetry', deviceId: string): string =>
    buildDeviceTopic(kind, { vendorId: 'acme', deviceId });

  beforeAll(async () => {
    mosquitto = await startMosquitto();
    prefix = `${createUniqueName('fan_out_poison')}.`;
    collector = await collectEnvelopes(prefix);
    const env = createTestEnv({
      MQTT_URL: mosquitto.url,
      MQTT_CLIENT_ID: 'fan-out-poison',
      AMQP_NAME_PREFIX: prefix,
    });
    fanOut = await startTestFanOut(env, 'test', failingFor('buggy-1'));
    await waitUntilSubscribed(fanOut);
  });
  afterAll(async () => {
    await fanOut.stop();
    await collector.close();
    await deleteTopology(prefix);
    await mosquitto.stop();
  });

  it('a reported state 5,000 levels deep is dead-lettered with the limit it breaks, and fan-out stays up and forwards the next message', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    await mosquitto.publish(
      topic('reported', 'valve-1'),
      `{"seq":1,"ts":1763719200000,"state":{"a":${deep}}}`,
    );
    await mosquitto.publish(topic('reported', 'valve-1'), '{"seq":2,"state":{"open":true}}');

    await waitFor(() => hasArrived(collector.received, ['acme/valve-1/reported/2']), 'the next report');
    const [letter] = await takeDeadLetters(collector, 1);
    // Refused by the payload limits before it is parsed, so its seq is not read for the message id.
    expect(letter).toMatchObject({
      errorCode: 'PAYLOAD_TOO_DEEP',
      headers: { 'x-source-topic': topic('reported', 'valve-1') },
    });
    expect(fanOut.fatalErrors).toEqual([]);
  });

  it('a message whose forwarding throws a non-AppError is dead-lettered as FORWARDING_FAILED and counted; the next is forwarded', async () => {
    await mosquitto.publish(topic('telemetry', 'buggy-1'), '{"seq":7,"metrics":{"flow":1}}');
    await mosquitto.publish(topic('telemetry', 'pump-2'), '{"seq":8,"metrics":{"flow":2}}');

    await waitFor(() => hasArrived(collector.received, ['acme/pump-2/telemetry/8']), 'the next message');
    const [letter] = await takeDeadLetters(collector, 1);
    expect(letter).toMatchObject({
      errorCode: 'FORWARDING_FAILED',
      reason: 'forwarding failed unexpectedly: Invalid time value for buggy-1',
      body: '{"seq":7,"metrics":{"flow":1}}',
      attempts: 0,
      headers: { 'x-source-topic': topic('telemetry', 'buggy-1') },
    });
    await waitFor(async () => (await fanOut.metric('fan_out_messages_in_flight')) === 0, 'nothing in flight');
    const refused = await fanOut.registry.getSingleMetric('fan_out_messages_refused_total')?.get();
    expect(refused?.values).toContainEqual(
      expect.objectContaining({ labels: { reason: 'forwarding_failed' }, value: 1 }),
    );
    expect(fanOut.fatalErrors).toEqual([]);
  });
});
