import { buildDeviceTopic } from '@homeport/contracts';
import type { DeviceIdentity } from './mqtt-identity';
import { createPublishGuard } from './publish-guard';
import { createRateLimiter } from './rate-limiter';

const device: DeviceIdentity = { kind: 'device', vendorId: 'acme', deviceId: 'a', credentialId: 'c' };
const telemetry = buildDeviceTopic('telemetry', device);
const reported = buildDeviceTopic('reported', device);
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

const now = Date.parse('2026-12-02T12:00:00Z');

function createGuard(burst = 10, maxPayloadBytes = 64) {
  return createPublishGuard({
    maxPayloadBytes,
    now: () => now,
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

  it('a payload beyond the payload limits is refused with the limit, its code and path', () => {
    const guard = createGuard(10, 64 * 1024);
    const deep = `{"seq":1,"ts":${now},"state":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    expect(guard.check(device, reported, Buffer.from(deep))).toMatchObject({
      allowed: false,
      reason: 'payload_limit_exceeded',
      limit: { code: 'PAYLOAD_TOO_DEEP', path: `/state/a${'/0'.repeat(14)}` },
    });
    expect(guard.check(device, reported, Buffer.from('{"state":{"__proto__":{"x":1}}}'))).toMatchObject({
      reason: 'payload_limit_exceeded',
      limit: { code: 'PAYLOAD_FORBIDDEN_KEY', path: '/state/__proto__' },
    });
    expect(guard.check(device, telemetry, json({ seq: 2 ** 60, metrics: { t: 1 } }))).toMatchObject({
      limit: { code: 'PAYLOAD_SEQ_INVALID' },
    });
    expect(
      guard.check(device, telemetry, json({ ts: now + 2 * 86_400_000, metrics: { t: 1 } })),
    ).toMatchObject({
      limit: { code: 'PAYLOAD_TS_INVALID', path: '/ts' },
    });
    expect(guard.check(device, telemetry, json({ ts: now, metrics: { t: 1 } })).allowed).toBe(true);
  });

  it('a refused topic does not use up the rate limit', () => {
    const guard = createGuard(1);
    guard.check(device, 'homeport/v1/acme/b/telemetry', json({}));
    expect(guard.check(device, telemetry, json({})).allowed).toBe(true);
  });
});
