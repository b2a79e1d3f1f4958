import { readDevicePayload } from './device-payload';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const now = Date.parse('2026-12-02T12:00:00Z');

describe('readDevicePayload', () => {
  it('passes a Homeport payload through as parsed JSON', () => {
    expect(readDevicePayload('homeport', bytes('{"seq":3,"metrics":{"t":1}}'), now)).toEqual({
      ok: true,
      payload: { seq: 3, metrics: { t: 1 } },
    });
  });

  it('refuses bytes that are not JSON, or not UTF-8', () => {
    expect(readDevicePayload('homeport', bytes('{"seq":'), now)).toEqual({ ok: false, reason: 'not_json' });
    expect(readDevicePayload('homeport', Buffer.from([0x22, 0xff, 0x22]), now)).toEqual({
      ok: false,
      reason: 'not_json',
    });
  });

  it('refuses JSON beyond the payload limits with the limit it is beyond, before parsing a deep one', () => {
    const deep = `{"state":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    expect(readDevicePayload('homeport', bytes(deep), now)).toMatchObject({
      ok: false,
      reason: 'beyond_limits',
      violation: { code: 'PAYLOAD_TOO_DEEP' },
    });
    const shadow = '{"state":{"reported":{"constructor":{"x":1}}}}';
    expect(readDevicePayload('aws-shadow-update', bytes(shadow), now)).toMatchObject({
      reason: 'beyond_limits',
      violation: { code: 'PAYLOAD_FORBIDDEN_KEY', path: '/state/reported/constructor' },
    });
  });

  it('refuses a ts far from the time the message was received', () => {
    const future = JSON.stringify({ ts: now + 2 * 86_400_000, metrics: { t: 1 } });
    expect(readDevicePayload('homeport', bytes(future), now)).toMatchObject({
      reason: 'beyond_limits',
      violation: { code: 'PAYLOAD_TS_INVALID', path: '/ts' },
    });
  });

  it('takes the reported part of an AWS shadow update as the reported state', () => {
    const update = '{"state":{"reported":{"temperature":20.5},"desired":{"setpoint":21}},"clientToken":"x"}';
    expect(readDevicePayload('aws-shadow-update', bytes(update), now)).toEqual({
      ok: true,
      payload: { state: { temperature: 20.5 } },
    });
  });

  it('finds nothing to forward in a shadow update without reported state', () => {
    const update = '{"state":{"desired":{"setpoint":21}}}';
    expect(readDevicePayload('aws-shadow-update', bytes(update), now)).toEqual({
      ok: false,
      reason: 'no_reported_state',
    });
  });
});
