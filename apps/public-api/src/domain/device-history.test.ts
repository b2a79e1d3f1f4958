import { parseIntervalMs, pickIntervalMs, planHistoryQuery, type HistoryRequest } from './device-history';

const hour = 3_600_000;
const day = 24 * hour;
const device = { vendorId: 'acme', deviceId: 'thermo-1' };
const now = new Date('2026-12-03T12:00:00.000Z');
const request = (overrides: Partial<HistoryRequest> = {}): HistoryRequest => ({
  source: 'telemetry',
  from: undefined,
  to: undefined,
  intervalMs: undefined,
  maxPoints: 1000,
  aggregate: 'mean',
  metrics: undefined,
  ...overrides,
});

/** What `plan` throws (undefined when it does not). */
function refusalOf(plan: () => unknown): unknown {
  try {
    plan();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('planning a history query', () => {
  it('without a range, the 24 hours up to now; without an interval, the smallest usual width within maxPoints', () => {
    expect(planHistoryQuery(request(), device, now)).toMatchObject({
      fromMs: now.getTime() - day,
      toMs: now.getTime(),
      intervalMs: 2 * 60_000,
    });
  });

  it('telemetry is read from its measurement, reported state from its own', () => {
    expect(planHistoryQuery(request(), device, now).measurement).toBe('device_telemetry');
    expect(planHistoryQuery(request({ source: 'state' }), device, now).measurement).toBe('device_state');
  });

  it('a year as at most 1,000 points takes 12-hour buckets; past a week, whole days', () => {
    expect(pickIntervalMs(365 * day, 1000)).toBe(12 * hour);
    expect(pickIntervalMs(365 * day, 10)).toBe(37 * day);
  });

  it('an asked interval is kept when it fits maxPoints, and refused naming the count when it does not', () => {
    const from = new Date(now.getTime() - day);
    expect(planHistoryQuery(request({ from, intervalMs: hour, maxPoints: 24 }), device, now).intervalMs).toBe(
      hour,
    );
    expect(
      refusalOf(() => planHistoryQuery(request({ from, intervalMs: hour, maxPoints: 23 }), device, now)),
    ).toMatchObject({ code: 'HISTORY_TOO_MANY_POINTS', kind: 'invalid' });
  });

  it('refuses a range that ends before it starts, or spans more than 366 days', () => {
    expect(refusalOf(() => planHistoryQuery(request({ from: now, to: now }), device, now))).toMatchObject({
      code: 'HISTORY_RANGE_INVALID',
    });
    const from = new Date(now.getTime() - 367 * day);
    expect(refusalOf(() => planHistoryQuery(request({ from }), device, now))).toMatchObject({
      code: 'HISTORY_RANGE_TOO_LONG',
    });
  });

  it('reads interval units from ms to days', () => {
    expect(['250ms', '90s', '15m', '2h', '1d'].map(parseIntervalMs)).toEqual([
      250,
      90_000,
      900_000,
      2 * hour,
      day,
    ]);
  });
});
