import {
  compileValidator,
  parseDeviceTopic,
  ReportedStatePayload,
  TelemetryPayload,
} from '@homeport/contracts';
import type { ProvisionedDevice } from '@homeport/simulator';
import { startMosquitto, waitFor, type TestMosquitto } from '@homeport/testing';
import mqtt from 'mqtt';
import { createRawDevice, type RawDeviceTarget, type RawFleetCounters } from '../src/connections/raw-device';
import { connectGenerator } from '../src/generator';

let mosquitto: TestMosquitto;
let target: RawDeviceTarget;
let nextDevice = 0;

/** A device of its own for each use: Mosquitto takes any login. */
function newDevice(): ProvisionedDevice {
  nextDevice += 1;
  const deviceId = `raw-${process.pid}-${nextDevice}`;
  return { vendorId: 'bench-test', productId: 'thermostat', deviceId, secret: 'not-checked' };
}

function newCounters(): RawFleetCounters {
  return { published: 0, acknowledged: 0, failed: 0, lost: 0 };
}

/** A subscriber on every device topic of the test vendor, keeping what arrives. */
async function subscribe(): Promise<{
  received: { topic: string; payload: string }[];
  end(): Promise<void>;
}> {
  const client = await mqtt.connectAsync(mosquitto.url, { clean: true });
  await client.subscribeAsync('homeport/v1/bench-test/#', { qos: 1 });
  const received: { topic: string; payload: string }[] = [];
  client.on('message', (topic, payload) => received.push({ topic, payload: payload.toString('utf8') }));
  return { received, end: () => client.endAsync() };
}

beforeAll(async () => {
  mosquitto = await startMosquitto();
  target = { host: '127.0.0.1', port: mosquitto.port, localAddress: undefined, keepaliveSeconds: 60 };
});

afterAll(async () => {
  await mosquitto.stop();
});

describe('a raw device publishing at QoS 1', () => {
  it('when it publishes 50 messages, each is acknowledged once and reaches a subscriber', async () => {
    const subscriber = await subscribe();
    const counters = newCounters();
    const device = createRawDevice(newDevice(), counters);
    expect(await device.connect(target)).toMatchObject({ outcome: 'subscribed' });
    for (let index = 0; index < 50; index += 1) device.publish('telemetry', JSON.stringify({ index }));
    await waitFor(() => counters.acknowledged === 50 && subscriber.received.length === 50, '50 PUBACKs');
    expect(counters).toEqual({ published: 50, acknowledged: 50, failed: 0, lost: 0 });
    expect(device.outstanding()).toBe(0);
    expect(subscriber.received.map((message) => JSON.parse(message.payload) as unknown)).toEqual(
      Array.from({ length: 50 }, (_, index) => ({ index })),
    );
    device.disconnect();
    await subscriber.end();
  });

  it('when the broker stalls, its publishes stay outstanding, and disconnecting counts them as failed', async () => {
    const counters = newCounters();
    const device = createRawDevice(newDevice(), counters);
    await device.connect(target);
    process.kill(mosquitto.pid as number, 'SIGSTOP');
    try {
      for (let index = 0; index < 5; index += 1) device.publish('reported', '{"seq":1}');
      expect(device.outstanding()).toBe(5);
      device.disconnect();
    } finally {
      process.kill(mosquitto.pid as number, 'SIGCONT');
    }
    expect(counters).toEqual({ published: 5, acknowledged: 0, failed: 5, lost: 0 });
    expect(device.outstanding()).toBe(0);
  });

  it('when the broker closes its connection, the loss is counted and a publish while down fails at once', async () => {
    const counters = newCounters();
    const lost: string[] = [];
    const identity = newDevice();
    const device = createRawDevice(identity, counters, { onLost: () => lost.push(identity.deviceId) });
    await device.connect(target);
    // MQTT 3.1.1 §3.1.4: a second connection with the same client id makes the broker close the first.
    const takeover = createRawDevice(identity, newCounters());
    await takeover.connect(target);
    await waitFor(() => lost.length === 1, 'the first connection closed by the broker');
    expect(device.isConnected()).toBe(false);
    device.publish('telemetry', '{"seq":1}');
    expect(counters).toEqual({ published: 1, acknowledged: 0, failed: 1, lost: 1 });
    takeover.disconnect();
  });
});

describe('the load generator on raw devices', () => {
  const reportedValidator = compileValidator(ReportedStatePayload);
  const telemetryValidator = compileValidator(TelemetryPayload);

  it('when 20 devices publish 200 msg/s for a second, every message is a thermostat message on its topic, acknowledged before close', async () => {
    const subscriber = await subscribe();
    const devices = Array.from({ length: 20 }, newDevice);
    const generator = await connectGenerator({ mqttUrl: mosquitto.url, devices });
    expect(generator.devices).toBe(20);
    const startedAt = Date.now();
    await generator.run(200, 1000);
    const endedAt = Date.now();
    await generator.close(5000);
    const totals = generator.totals();
    expect(totals.published).toBeGreaterThanOrEqual(180);
    expect(totals).toMatchObject({
      accepted: totals.published,
      failed: 0,
      outstanding: 0,
      connectionLosses: 0,
    });
    await waitFor(() => subscriber.received.length === totals.published, 'every message at the subscriber');

    const kindsByDevice = new Map<string, string[]>();
    for (const { topic, payload } of subscriber.received) {
      const parsed = parseDeviceTopic(topic);
      const value = JSON.parse(payload) as { ts: number };
      const validator = parsed?.kind === 'reported' ? reportedValidator : telemetryValidator;
      expect(validator.explain(value)).toEqual([]);
      expect(value.ts).toBeGreaterThanOrEqual(startedAt);
      expect(value.ts).toBeLessThanOrEqual(endedAt);
      const kinds = kindsByDevice.get(parsed?.deviceId ?? '?') ?? [];
      kinds.push(parsed?.kind ?? '?');
      kindsByDevice.set(parsed?.deviceId ?? '?', kinds);
    }
    expect([...kindsByDevice.keys()].sort()).toEqual(devices.map((device) => device.deviceId).sort());
    for (const kinds of kindsByDevice.values()) {
      expect(kinds).toEqual(kinds.map((_, index) => (index % 2 === 0 ? 'reported' : 'telemetry')));
    }
    await subscriber.end();
  });

  it('when the broker closes a device connection, the generator counts the loss and the device comes back', async () => {
    const devices = Array.from({ length: 3 }, newDevice);
    const generator = await connectGenerator({ mqttUrl: mosquitto.url, devices });
    const takeover = createRawDevice(devices[0] as ProvisionedDevice, newCounters());
    await takeover.connect(target);
    await waitFor(() => generator.totals().connectionLosses === 1, 'the loss counted');
    await waitFor(() => generator.totals().connected === 3, 'the device connected again');
    expect(generator.errors.first).toEqual([expect.stringContaining('connection lost') as unknown]);
    takeover.drop();
    await generator.close(1000);
  });
});
