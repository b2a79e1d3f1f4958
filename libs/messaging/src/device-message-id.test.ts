import { deriveDeviceMessageId, readDeviceSequence } from './device-message-id';

const source = {
  vendorId: 'acme',
  deviceId: 'thermostat-0042',
  kind: 'reported' as const,
};
const message = {
  topic: 'homeport/v1/acme/thermostat-0042/state/reported',
  payload: Buffer.from('{"state":{}}'),
};

describe('deriveDeviceMessageId', () => {
  it('with a seq, is the device, kind and seq, readable', () => {
    expect(deriveDeviceMessageId(source, message, 1842)).toBe('acme/thermostat-0042/reported/1842');
  });

  it('without a seq, is the same for the same topic and bytes and differs for other bytes or topics', () => {
    const id = deriveDeviceMessageId(source, message, undefined);
    expect(id).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    expect(deriveDeviceMessageId(source, { ...message }, undefined)).toBe(id);
    expect(
      deriveDeviceMessageId(source, { ...message, payload: Buffer.from('{"state":{} }') }, undefined),
    ).not.toBe(id);
    expect(deriveDeviceMessageId(source, { ...message, topic: `${message.topic}x` }, undefined)).not.toBe(id);
  });

  it('stays within the envelope limit of 128 characters for the longest ids', () => {
    const long = { ...source, vendorId: 'v'.repeat(64), deviceId: 'd'.repeat(64) };
    const id = deriveDeviceMessageId(long, message, Number.MAX_SAFE_INTEGER);
    expect(id.length).toBeLessThanOrEqual(128);
    expect(deriveDeviceMessageId(long, message, Number.MAX_SAFE_INTEGER)).toBe(id);
    expect(deriveDeviceMessageId(long, message, 1)).not.toBe(id);
  });
});

describe('readDeviceSequence', () => {
  it('reads a non-negative integer seq and ignores anything else', () => {
    expect(readDeviceSequence({ seq: 7 })).toBe(7);
    expect(readDeviceSequence({ seq: -1 })).toBeUndefined();
    expect(readDeviceSequence({ seq: 1.5 })).toBeUndefined();
    expect(readDeviceSequence({ seq: '7' })).toBeUndefined();
    expect(readDeviceSequence([7])).toBeUndefined();
  });
});
