import {
  parseIntervalMs,
  pickIntervalMs,
  pickResolution,
  planHistoryQuery,
  readHistory,
  splitByResolution,
  type HistoryQuery,
  type HistoryRequest,
} from './device-history';

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

describe('choosing where a history query is read', () => {
  const minute = 60_000;
  const query = (overrides: Partial<HistoryQuery> = {}): HistoryQuery => ({
    ...planHistoryQuery(request({ from: new Date(now.getTime() - 365 * day) }), device, now),
    ...overrides,
  });

  it('the coarsest rollup whose buckets fit whole in the interval; raw points for other widths and for last', () => {
    expect(pickResolution(12 * hour, 'mean')).toBe('1h');
    expect(pickResolution(15 * minute, 'max')).toBe('5m');
    expect(pickResolution(2 * minute, 'mean')).toBe('raw');
    expect(pickResolution(12 * hour, 'last')).toBe('raw');
  });

  it('a year at 12-hour buckets reads the hourly rollup up to the last settled bucket, then raw points from the next whole hour', () => {
    const planned = query();
    const parts = splitByResolution(planned, now.getTime());

    expect(planned.intervalMs).toBe(12 * hour);
    expect(parts).toEqual([
      { ...planned, resolution: '1h', toMs: now.getTime() - 12 * hour },
      {
        ...planned,
        resolution: 'raw',
        fromMs: now.getTime() - 12 * hour,
        notBeforeMs: now.getTime() - 12 * hour,
      },
    ]);
  });

  it('a day read at 5-minute buckets three minutes past a whole five reads raw points for the rollup bucket not yet settled', () => {
    const readAtMs = now.getTime() + 3 * minute;
    const day5m = query({ fromMs: readAtMs - day, toMs: readAtMs, intervalMs: 5 * minute });

    // Settled up to 11:58; the rollup bucket 11:55-12:00 is not, so the rollups end at the bucket 11:50-11:55
    // (read as the query's bucket from 11:48), and raw points count from 11:55.
    expect(splitByResolution(day5m, readAtMs)).toEqual([
      { ...day5m, resolution: '5m', toMs: now.getTime() - 7 * minute },
      {
        ...day5m,
        resolution: 'raw',
        fromMs: now.getTime() - 7 * minute,
        notBeforeMs: now.getTime() - 5 * minute,
      },
    ]);
  });

  it('a range whose buckets have not settled yet is read from raw points alone', () => {
    const recent = query({ fromMs: now.getTime() - 2 * minute, intervalMs: hour });

    expect(splitByResolution(recent, now.getTime())).toEqual([{ ...recent, resolution: 'raw' }]);
  });

  it('the parts read are merged per metric, sorted by metric, points in time order', async () => {
    const reader = {
      read: (part: HistoryQuery) =>
        Promise.resolve(
          part.resolution === 'raw'
            ? [{ metric: 'temperature', points: [{ timeMs: part.fromMs, value: 2 }] }]
            : [
                { metric: 'temperature', points: [{ timeMs: part.fromMs, value: 1 }] },
                { metric: 'humidity', points: [{ timeMs: part.fromMs, value: 40 }] },
              ],
        ),
    };
    const planned = query();

    expect(await readHistory(reader, planned, now.getTime())).toEqual([
      { metric: 'humidity', points: [{ timeMs: planned.fromMs, value: 40 }] },
      {
        metric: 'temperature',
        points: [
          { timeMs: planned.fromMs, value: 1 },
          { timeMs: now.getTime() - 12 * hour, value: 2 },
        ],
      },
    ]);
  });
});
