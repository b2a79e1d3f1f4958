import {
  buildDeviceTopic,
  deviceExamples,
  maxDevicePayloadBytes,
  stateWorkersQueue,
} from '@homeport/contracts';
import { AppError, isTransient } from '@homeport/errors';
import {
  createInProcessBroker,
  createInProcessMessageBus,
  type DeadLetter,
  type MessageBus,
} from '@homeport/messaging';
import { createBusDevicePublisher } from '../adapters/bus-device-publisher';
import { createBusRefusedMessageStore } from '../adapters/bus-refused-messages';
import type { IncomingDeviceMessage } from './device-message';
import type { DeviceRegistry } from './device-registry';
import { createDeviceMessageForwarder, type ForwardDeviceMessage } from './forward-device-message';
import { createTopicMapping } from './topic-mapping';

const address = { vendorId: 'acme', deviceId: 'thermostat-0042' };
const incoming = (
  topic: string,
  payload: unknown,
  extra: Partial<IncomingDeviceMessage> = {},
): IncomingDeviceMessage => ({
  topic,
  payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
  retained: false,
  receivedAt: 1763719200150,
  ...extra,
});

describe('forwarding a device message', () => {
  let bus: MessageBus;
  let received: { type: string; payload: unknown; messageId: string }[];
  const createForwarder = (registry?: DeviceRegistry): ForwardDeviceMessage =>
    createDeviceMessageForwarder({
      mapping: createTopicMapping({ provider: 'homeport' }),
      publisher: createBusDevicePublisher(bus),
      refusals: createBusRefusedMessageStore(bus),
      ...(registry && { registry }),
      isOwnDevice: (_vendorId, deviceId) => !deviceId.startsWith('someone-elses'),
    });
  let forward: ForwardDeviceMessage;

  beforeEach(async () => {
    bus = await createInProcessMessageBus({ broker: createInProcessBroker(), queues: [stateWorkersQueue] });
    received = [];
    const record = (payload: unknown, meta: { type: string; messageId: string }) => {
      received.push({ type: meta.type, payload, messageId: meta.messageId });
      return Promise.resolve();
    };
    await bus.consume(stateWorkersQueue, {
      'device.reported.v1': record,
      'device.telemetry.v1': record,
      'device.event.v1': record,
      // broker-api's lifecycle events share the queue; fan-out never publishes them.
      'device.deleted.v1': record,
      'device.credential-issued.v1': record,
    });
    forward = createForwarder();
  });
  afterEach(async () => {
    await bus.close();
  });

  const waitForReceived = async (count: number): Promise<void> => {
    for (let tries = 0; received.length < count && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const takeDeadLetters = (): Promise<DeadLetter[]> => bus.takeDeadLetters(stateWorkersQueue, 20);

  it('publishes each kind as its contract message in the envelope, with the seq-based message id', async () => {
    const outcomes = [
      await forward(incoming(buildDeviceTopic('reported', address), deviceExamples.reported)),
      await forward(incoming(buildDeviceTopic('telemetry', address), deviceExamples.telemetry)),
      await forward(incoming(buildDeviceTopic('event', address), deviceExamples.event)),
    ];
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['forwarded', 'forwarded', 'forwarded']);
    await waitForReceived(3);
    expect(received.map(({ type }) => type)).toEqual([
      'device.reported.v1',
      'device.telemetry.v1',
      'device.event.v1',
    ]);
    expect(received[0]).toEqual({
      type: 'device.reported.v1',
      messageId: `acme/thermostat-0042/reported/${deviceExamples.reported.seq}`,
      payload: {
        messageId: `acme/thermostat-0042/reported/${deviceExamples.reported.seq}`,
        ...address,
        receivedAt: 1763719200150,
        payload: deviceExamples.reported,
      },
    });
    expect(await takeDeadLetters()).toEqual([]);
  });

  it('dead-letters a payload that is not JSON, too large or refused by the contract, with code and topic', async () => {
    const topic = buildDeviceTopic('telemetry', address);
    await expect(forward(incoming(topic, '{not json'))).resolves.toMatchObject({
      status: 'refused',
      reason: 'not_json',
      code: 'PAYLOAD_NOT_JSON',
    });
    await expect(forward(incoming(topic, { seq: 5, metrics: 'hot' }))).resolves.toMatchObject({
      status: 'refused',
      reason: 'contract_violation',
      code: 'PAYLOAD_INVALID',
    });
    await expect(forward(incoming(topic, 'x'.repeat(70_000)))).resolves.toMatchObject({
      reason: 'too_large',
      code: 'PAYLOAD_TOO_LARGE',
    });
    const letters = await takeDeadLetters();
    expect(received).toEqual([]);
    expect(letters.map(({ errorCode }) => errorCode)).toEqual([
      'PAYLOAD_NOT_JSON',
      'PAYLOAD_INVALID',
      'PAYLOAD_TOO_LARGE',
    ]);
    const [notJson, invalid, tooLarge] = letters;
    expect(notJson).toMatchObject({
      type: 'device.telemetry.v1',
      body: '{not json',
      reason: 'the payload is not UTF-8 JSON',
      attempts: 0,
      headers: { 'x-source-topic': topic },
    });
    expect(notJson?.messageId).toMatch(/^sha256:/);
    expect(invalid?.messageId).toBe('acme/thermostat-0042/telemetry/5');
    expect(invalid?.reason).toContain('/payload/metrics');
    expect(tooLarge?.body).toHaveLength(maxDevicePayloadBytes);
    expect(tooLarge?.reason).toBe(
      `70000 bytes exceed the limit of ${maxDevicePayloadBytes} bytes; the dead letter keeps the first ${maxDevicePayloadBytes} bytes`,
    );
  });

  it('dead-letters ids that are not Homeport ids, unless the device belongs to another partition', async () => {
    await expect(forward(incoming('homeport/v1/acme/bad!id/events', deviceExamples.event))).resolves.toEqual({
      status: 'refused',
      reason: 'invalid_device_id',
      code: 'DEVICE_ID_INVALID',
      detail: 'not usable as Homeport ids: acme/bad!id',
    });
    const otherPartition = incoming('homeport/v1/acme/someone-elses!/events', deviceExamples.event);
    await expect(forward(otherPartition)).resolves.toMatchObject({ reason: 'other_partition' });
    const letters = await takeDeadLetters();
    expect(letters.map(({ errorCode, type }) => [errorCode, type])).toEqual([
      ['DEVICE_ID_INVALID', 'device.event.v1'],
    ]);
  });

  it('skips retained replays, unmapped topics and devices of another partition', async () => {
    const topic = buildDeviceTopic('telemetry', address);
    const otherTopic = buildDeviceTopic('telemetry', { vendorId: 'acme', deviceId: 'someone-elses' });
    await expect(forward(incoming(topic, deviceExamples.telemetry, { retained: true }))).resolves.toEqual({
      status: 'skipped',
      reason: 'retained_replay',
    });
    await expect(forward(incoming('elsewhere/x', {}))).resolves.toMatchObject({ reason: 'unmapped_topic' });
    await expect(forward(incoming(otherTopic, deviceExamples.telemetry))).resolves.toMatchObject({
      reason: 'other_partition',
    });
    expect(received).toEqual([]);
    expect(await takeDeadLetters()).toEqual([]);
  });

  it('with a registry, forwards its devices and dead-letters unknown ones and those of another vendor', async () => {
    const devices = new Map([
      ['thermostat-0042', { vendorId: 'acme' }],
      ['pump-1', { vendorId: 'globex' }],
    ]);
    forward = createForwarder({ findDevice: (deviceId) => Promise.resolve(devices.get(deviceId)) });
    const telemetry = (deviceId: string) =>
      incoming(buildDeviceTopic('telemetry', { vendorId: 'acme', deviceId }), deviceExamples.telemetry);
    await expect(forward(telemetry('thermostat-0042'))).resolves.toMatchObject({ status: 'forwarded' });
    await expect(forward(telemetry('ghost-1'))).resolves.toMatchObject({
      status: 'refused',
      reason: 'unknown_device',
      code: 'DEVICE_UNKNOWN',
      detail: 'device ghost-1 is not registered',
    });
    await expect(forward(telemetry('pump-1'))).resolves.toMatchObject({
      code: 'DEVICE_UNKNOWN',
      detail: 'device pump-1 is registered under another vendor than acme',
    });
    const letters = await takeDeadLetters();
    expect(letters.map(({ errorCode, headers }) => [errorCode, headers['x-source-topic']])).toEqual([
      ['DEVICE_UNKNOWN', 'homeport/v1/acme/ghost-1/telemetry'],
      ['DEVICE_UNKNOWN', 'homeport/v1/acme/pump-1/telemetry'],
    ]);
    await waitForReceived(1);
    expect(received).toHaveLength(1);
  });

  it('rejects as transient, publishing and dead-lettering nothing, when the registry cannot answer', async () => {
    forward = createForwarder({
      findDevice: () => Promise.reject(new AppError('unavailable', 'DEVICE_REGISTRY_UNAVAILABLE', 'away')),
    });
    const error: unknown = await forward(
      incoming(buildDeviceTopic('telemetry', address), deviceExamples.telemetry),
    ).catch((caught: unknown) => caught);
    expect(isTransient(error)).toBe(true);
    expect(await takeDeadLetters()).toEqual([]);
    expect(received).toEqual([]);
  });

  it('rejects with a transient error when the bus can take neither the message nor its dead letter', async () => {
    await bus.close();
    const topic = buildDeviceTopic('telemetry', address);
    for (const payload of [deviceExamples.telemetry, '{not json']) {
      const error: unknown = await forward(incoming(topic, payload)).catch((caught: unknown) => caught);
      expect(isTransient(error)).toBe(true);
    }
  });
});
