import { buildDeviceTopic } from '@homeport/contracts';
import type { DeviceIdentity } from './mqtt-identity';
import { createPublishGuard } from './publish-guard';
import { createRateLimiter } from './rate-limiter';

const device: DeviceIdentity = { kind: 'device', vendorId: 'acme', deviceId: 'a', credentialId: 'c' };
const telemetry = buildDeviceTopic('telemetry', device);
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function createGuard(burst = 10) {
  return createPublishGuard({
    maxPayloadBytes: 64,
    rateLimiter: createRateLimiter({ ratePerSecond: 1, burst, maxKeys: 10, now: () => 0 }),
  });
}

describe('publish guard', () => {
  it('a JSON payload on an own device-to-cloud topic passes with its parsed body', () => {
    expect(createGuard().check(device, telemetry, json({ metrics: { t: 1 } }))).toMatchObject({
      allowed: true,
      topic: { kind: 'telemetry', deviceId: 'a' },
      body: { metrics: { t: 1 } },
    });
  });

  it('each refusal carries its reason: topic, size, rate, format', () => {
    const guard = createGuard(1);
    expect(guard.check(device, 'homeport/v1/acme/b/telemetry', json({}))).toMatchObject({
      reason: 'not_authorized',
    });
    expect(guard.check(device, telemetry, Buffer.alloc(65, 0x20))).toMatchObject({
      reason: 'packet_too_large',
    });
    expect(guard.check(device, telemetry, Buffer.from('not json'))).toMatchObject({
      reason: 'payload_format_invalid',
    });
    expect(guard.check(device, telemetry, json({}))).toMatchObject({ reason: 'quota_exceeded' });
  });

  it('a refused topic does not use up the rate limit', () => {
    const guard = createGuard(1);
    guard.check(device, 'homeport/v1/acme/b/telemetry', json({}));
    expect(guard.check(device, telemetry, json({})).allowed).toBe(true);
  });
});
