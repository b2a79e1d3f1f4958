import { buildOrderKey, readDeviceTime, requireUsableClock } from './message-order';

describe('the order of a device message', () => {
  it('is [seq, ts, receivedAt], with -1 for what the device did not send', () => {
    expect(buildOrderKey({ receivedAt: 300, payload: { seq: 7, ts: 200 } })).toEqual([7, 200, 300]);
    expect(buildOrderKey({ receivedAt: 300, payload: { ts: 200 } })).toEqual([-1, 200, 300]);
    expect(buildOrderKey({ receivedAt: 300, payload: {} })).toEqual([-1, -1, 300]);
  });

  it('dates a message by the device clock when it has one, else by when it was received', () => {
    expect(readDeviceTime({ receivedAt: 300, payload: { ts: 200 } })).toBe(200);
    expect(readDeviceTime({ receivedAt: 300, payload: { seq: 1 } })).toBe(300);
  });
});

describe('requireUsableClock', () => {
  const receivedAt = Date.parse('2026-12-02T12:00:00Z');
  const check = (payload: { seq?: number; ts?: number }): unknown => {
    try {
      requireUsableClock({ receivedAt, payload });
      return undefined;
    } catch (error) {
      return error;
    }
  };

  it('lets a message with a ts at most a day ahead of its arrival and after 2020 through', () => {
    expect(check({ seq: 1, ts: receivedAt + 1000 })).toBeUndefined();
    expect(check({})).toBeUndefined();
  });

  it('refuses a ts far in the future as invalid with the limit code', () => {
    expect(check({ ts: receivedAt + 2 * 86_400_000 })).toMatchObject({
      kind: 'invalid',
      code: 'PAYLOAD_TS_INVALID',
    });
  });
});
