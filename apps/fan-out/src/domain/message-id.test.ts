import { deriveMessageId } from './message-id';

const source = {
  vendorId: 'acme',
  deviceId: 'thermostat-0042',
  kind: 'reported' as const,
  payloadFormat: 'homeport' as const,
};
const message = {
  topic: 'homeport/v1/acme/thermostat-0042/state/reported',
  payload: Buffer.from('{"state":{}}'),
};

describe('deriveMessageId', () => {
  it('with a seq, is the device, kind and seq, readable', () => {
    expect(deriveMessageId(source, message, 1842)).toBe('acme/thermostat-0042/reported/1842');
  });

  it('without a seq, is the same for the same topic and bytes and differs for other bytes or topics', () => {
    const id = deriveMessageId(source, message, undefined);
    expect(id).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    expect(deriveMessageId(source, { ...message }, undefined)).toBe(id);
    expect(
      deriveMessageId(source, { ...message, payload: Buffer.from('{"state":{} }') }, undefined),
    ).not.toBe(id);
    expect(deriveMessageId(source, { ...message, topic: `${message.topic}x` }, undefined)).not.toBe(id);
  });

  it('stays within the envelope limit of 128 characters for the longest ids', () => {
    const long = { ...source, vendorId: 'v'.repeat(64), deviceId: 'd'.repeat(64) };
    const id = deriveMessageId(long, message, Number.MAX_SAFE_INTEGER);
    expect(id.length).toBeLessThanOrEqual(128);
    expect(deriveMessageId(long, message, Number.MAX_SAFE_INTEGER)).toBe(id);
    expect(deriveMessageId(long, message, 1)).not.toBe(id);
  });
});
