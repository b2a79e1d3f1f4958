import { readDevicePayload, readSequence } from './device-payload';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('readDevicePayload', () => {
  it('passes a Homeport payload through as parsed JSON', () => {
    expect(readDevicePayload('homeport', bytes('{"seq":3,"metrics":{"t":1}}'))).toEqual({
      ok: true,
      payload: { seq: 3, metrics: { t: 1 } },
    });
  });

  it('refuses bytes that are not JSON, or not UTF-8', () => {
    expect(readDevicePayload('homeport', bytes('{"seq":'))).toEqual({ ok: false, reason: 'not_json' });
    expect(readDevicePayload('homeport', Buffer.from([0x22, 0xff, 0x22]))).toEqual({
      ok: false,
      reason: 'not_json',
    });
  });

  it('takes the reported part of an AWS shadow update as the reported state', () => {
    const update = '{"state":{"reported":{"temperature":20.5},"desired":{"setpoint":21}},"clientToken":"x"}';
    expect(readDevicePayload('aws-shadow-update', bytes(update))).toEqual({
      ok: true,
      payload: { state: { temperature: 20.5 } },
    });
  });

  it('finds nothing to forward in a shadow update without reported state', () => {
    const update = '{"state":{"desired":{"setpoint":21}}}';
    expect(readDevicePayload('aws-shadow-update', bytes(update))).toEqual({
      ok: false,
      reason: 'no_reported_state',
    });
  });
});

describe('readSequence', () => {
  it('reads a non-negative integer seq and ignores anything else', () => {
    expect(readSequence({ seq: 7 })).toBe(7);
    expect(readSequence({ seq: -1 })).toBeUndefined();
    expect(readSequence({ seq: 1.5 })).toBeUndefined();
    expect(readSequence({ seq: '7' })).toBeUndefined();
    expect(readSequence([7])).toBeUndefined();
  });
});
