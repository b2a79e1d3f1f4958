import type { TimeSeriesPoint } from './ports';
import { createWrittenTimes, planRollupRound, type RollupCuts } from './recent-rollups';

const minute = 60_000;
const hour = 60 * minute;
/** 10:02:10 on some day: the 5-minute bucket 10:00 is growing, 09:55 ended 2 min 10 s ago. */
const day = 1000 * 24 * hour;
const now = day + 10 * hour + 2 * minute + 10_000;
const settings = { lookbackMs: hour, arrivalMarginMs: 30_000 };
/** What the round a minute before (10:01:10) left. */
const previousCuts: RollupCuts = { '5m': day + 10 * hour, '1h': day + 10 * hour };

const pointAt = (timeMs: number): TimeSeriesPoint => ({
  measurement: 'device_telemetry',
  tags: {},
  fields: { temperature: 1 },
  timeMs,
});

describe('planning a round of rollups', () => {
  it('when no bucket ended since the last round and no late point came, nothing is rolled up', () => {
    const plan = planRollupRound({ nowMs: now, previousCuts, earliestWrittenMs: now - 2_000, ...settings });

    expect(plan).toEqual({ ranges: [], cuts: previousCuts });
  });

  it('when a 5-minute bucket just ended, only it is rolled up, and only at 5 minutes', () => {
    const at = day + 10 * hour + 5 * minute + 40_000;

    const plan = planRollupRound({ nowMs: at, previousCuts, earliestWrittenMs: at - 1_000, ...settings });

    expect(plan.ranges).toEqual([
      { fromMs: day + 10 * hour, toMs: day + 10 * hour + 5 * minute, widths: ['5m'] },
    ]);
    expect(plan.cuts).toEqual({ '5m': day + 10 * hour + 5 * minute, '1h': day + 10 * hour });
  });

  it('a bucket that ended less than the arrival margin ago waits for the next round', () => {
    const at = day + 10 * hour + 5 * minute + 10_000;

    expect(planRollupRound({ nowMs: at, previousCuts, earliestWrittenMs: undefined, ...settings })).toEqual({
      ranges: [],
      cuts: previousCuts,
    });
  });

  it('when the hour ends, its hourly bucket is rolled up with its last 5 minutes', () => {
    const cuts = { '5m': day + 10 * hour + 55 * minute, '1h': day + 10 * hour };
    const at = day + 11 * hour + 45_000;

    expect(
      planRollupRound({ nowMs: at, previousCuts: cuts, earliestWrittenMs: undefined, ...settings }),
    ).toEqual({
      ranges: [
        { fromMs: day + 10 * hour + 55 * minute, toMs: day + 11 * hour, widths: ['5m'] },
        { fromMs: day + 10 * hour, toMs: day + 11 * hour, widths: ['1h'] },
      ],
      cuts: { '5m': day + 11 * hour, '1h': day + 11 * hour },
    });
  });

  it('a late point written since the last round has its 5-minute bucket rolled up again, and its hour once it ended', () => {
    const late = day + 9 * hour + 31 * minute;

    const plan = planRollupRound({ nowMs: now, previousCuts, earliestWrittenMs: late, ...settings });

    expect(plan.ranges).toEqual([
      { fromMs: day + 9 * hour + 30 * minute, toMs: day + 10 * hour, widths: ['5m'] },
      { fromMs: day + 9 * hour, toMs: day + 10 * hour, widths: ['1h'] },
    ]);
    expect(plan.cuts).toEqual(previousCuts);
  });

  it('a late point older than the lookback reaches back to the lookback only (older: a backfill)', () => {
    const plan = planRollupRound({
      nowMs: now,
      previousCuts,
      earliestWrittenMs: now - 5 * hour,
      ...settings,
    });

    expect(plan.ranges).toEqual([
      { fromMs: day + 9 * hour, toMs: day + 10 * hour, widths: ['5m'] },
      { fromMs: day + 9 * hour, toMs: day + 10 * hour, widths: ['1h'] },
    ]);
  });

  it('after a restart, the 5-minute buckets go back to the start of the oldest hour rolled up: it is computed from them', () => {
    const at = day + 10 * hour + 32 * minute;

    const plan = planRollupRound({
      nowMs: at,
      previousCuts: undefined,
      earliestWrittenMs: undefined,
      ...settings,
    });

    expect(plan.ranges).toEqual([
      { fromMs: day + 9 * hour, toMs: day + 10 * hour + 30 * minute, widths: ['5m'] },
      { fromMs: day + 9 * hour, toMs: day + 10 * hour, widths: ['1h'] },
    ]);
  });

  it('after a restart (no cuts known), the whole buckets of the last hour are rolled up once', () => {
    const first = planRollupRound({
      nowMs: now,
      previousCuts: undefined,
      earliestWrittenMs: undefined,
      ...settings,
    });
    const next = planRollupRound({
      nowMs: now + minute,
      previousCuts: first.cuts,
      earliestWrittenMs: now + 30_000,
      ...settings,
    });

    expect(first.ranges).toEqual([
      { fromMs: day + 9 * hour, toMs: day + 10 * hour, widths: ['5m'] },
      { fromMs: day + 9 * hour, toMs: day + 10 * hour, widths: ['1h'] },
    ]);
    expect(next.ranges).toEqual([]);
  });
});

describe('noting the times written, in memory', () => {
  const recent = Date.now() - 10 * minute;

  it('the earliest time of the points noted is taken until the round that took it forgets it', async () => {
    const written = createWrittenTimes(hour);

    await written.note([pointAt(recent + 5_000), pointAt(recent + 2_000)]);
    await written.note([pointAt(recent + 3_000)]);

    expect([await written.take(), await written.take()]).toEqual([recent + 2_000, recent + 2_000]);
    await written.forget(recent + 2_000);
    expect(await written.take()).toBeUndefined();
  });

  it('a point older than the lookback is not noted: a backfill rolls it up, not every round', async () => {
    const written = createWrittenTimes(hour);

    await written.note([pointAt(Date.now() - 2 * hour), pointAt(recent)]);

    expect(await written.take()).toBe(recent);
  });
});
