import { listRollupSteps, parseVendorRetention, planRetentionCuts } from './time-series-retention';

const day = 86_400_000;
const defaults = { rawDays: 30, fiveMinuteDays: 365, hourlyDays: undefined };

describe('time-series retention rules', () => {
  it('the default deletes every vendor but those with a rule of their own, each of which deletes only its own; forever deletes nothing', () => {
    const now = 1000 * day;
    const cuts = planRetentionCuts(
      { defaults, vendors: { acme: { rawDays: 7, fiveMinuteDays: undefined, hourlyDays: 800 } } },
      now,
    );

    expect(cuts.filter((cut) => cut.measurement === 'device_telemetry')).toEqual([
      { measurement: 'device_telemetry', beforeMs: now - 30 * day, vendors: { except: ['acme'] } },
      { measurement: 'device_telemetry', beforeMs: now - 7 * day, vendors: { only: ['acme'] } },
    ]);
    expect(cuts.filter((cut) => cut.measurement === 'device_telemetry_5m')).toEqual([
      { measurement: 'device_telemetry_5m', beforeMs: now - 365 * day, vendors: { except: ['acme'] } },
    ]);
    expect(cuts.filter((cut) => cut.measurement === 'device_state_1h')).toEqual([
      { measurement: 'device_state_1h', beforeMs: now - 800 * day, vendors: { only: ['acme'] } },
    ]);
  });

  it('vendor rules name only the tiers that differ, 0 days keeping a rollup forever', () => {
    expect(parseVendorRetention('acme:raw=90,1h=0; globex:5m=30', defaults)).toEqual({
      vendors: {
        acme: { rawDays: 90, fiveMinuteDays: 365, hourlyDays: undefined },
        globex: { rawDays: 30, fiveMinuteDays: 30, hourlyDays: undefined },
      },
      problems: [],
    });
  });

  it('every bad vendor rule is reported: an unknown tier, raw kept 0 days, a vendor named twice', () => {
    const { problems } = parseVendorRetention('acme:hourly=3;globex:raw=0;acme:raw=9', defaults);

    expect(problems).toHaveLength(3);
  });

  it('a range is rolled up over the whole buckets it overlaps, per width, the hours from the 5-minute rollups after them', () => {
    const steps = listRollupSteps({ fromMs: 3_700_000, toMs: 3_900_000 });

    expect(steps.filter((step) => step.measurement === 'device_telemetry')).toEqual([
      {
        measurement: 'device_telemetry',
        rollup: 'device_telemetry_5m',
        fromRollup: undefined,
        widthMs: 300_000,
        startMs: 3_600_000,
        endMs: 3_900_000,
      },
      {
        measurement: 'device_telemetry',
        rollup: 'device_telemetry_1h',
        fromRollup: 'device_telemetry_5m',
        widthMs: 3_600_000,
        startMs: 3_600_000,
        endMs: 7_200_000,
      },
    ]);
  });
});
