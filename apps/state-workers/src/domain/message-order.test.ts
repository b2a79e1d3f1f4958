import { buildOrderKey, readDeviceTime } from './message-order';

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
