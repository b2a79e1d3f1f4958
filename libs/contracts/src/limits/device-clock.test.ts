import { deviceTimeWindow, findDeviceClockViolation } from './device-clock';

const arrivedAt = Date.parse('2026-12-02T12:00:00Z');

describe('device clock fields', () => {
  it('seq and ts as safe integers within the window pass, and both may be absent', () => {
    expect(findDeviceClockViolation({ seq: 1, ts: arrivedAt - 1000, state: {} }, arrivedAt)).toBeUndefined();
    expect(findDeviceClockViolation({ ts: Date.UTC(2021, 0, 1) }, arrivedAt)).toBeUndefined();
    expect(findDeviceClockViolation({ state: {} }, arrivedAt)).toBeUndefined();
  });

  it('a seq that is not a non-negative safe integer is refused', () => {
    for (const seq of [-1, 1.5, 2 ** 53, '1']) {
      expect(findDeviceClockViolation({ seq }, arrivedAt)).toMatchObject({
        code: 'PAYLOAD_SEQ_INVALID',
        path: '/seq',
      });
    }
  });

  it('a ts more than a day ahead of the arrival is refused, a day ahead passes', () => {
    const edge = arrivedAt + deviceTimeWindow.maxAheadMs;
    expect(findDeviceClockViolation({ ts: edge }, arrivedAt)).toBeUndefined();
    expect(findDeviceClockViolation({ ts: edge + 1 }, arrivedAt)).toEqual({
      code: 'PAYLOAD_TS_INVALID',
      path: '/ts',
      message:
        '/ts: ts 2026-12-03T12:00:00.001Z is more than a day ahead of its arrival 2026-12-02T12:00:00.000Z',
    });
  });

  it('a ts before 2020 (a clock restarted at 1970) is refused; an old one after it passes', () => {
    expect(findDeviceClockViolation({ ts: deviceTimeWindow.minTs }, arrivedAt)).toBeUndefined();
    expect(findDeviceClockViolation({ ts: 5000 }, arrivedAt)).toEqual({
      code: 'PAYLOAD_TS_INVALID',
      path: '/ts',
      message:
        '/ts: ts 1970-01-01T00:00:05.000Z is before 2020-01-01T00:00:00.000Z: the device clock is not set',
    });
  });

  it('a ts beyond what a Date holds is refused with its number', () => {
    expect(findDeviceClockViolation({ ts: 9e15 }, arrivedAt)?.message).toMatch(
      /^\/ts: ts 9000000000000000 ms/,
    );
  });
});
