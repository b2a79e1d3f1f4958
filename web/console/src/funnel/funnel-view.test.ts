import {
  cohortWindow,
  describeClaimToFirstReport,
  describeCohortDays,
  formatDuration,
  funnelSteps,
  isStillMaturing,
  lastDays,
  type FunnelFigures,
} from './funnel-view';

const figures: FunnelFigures = {
  productId: '*',
  provisioned: 12,
  claimed: 9,
  firstOnline: 6,
  activeAfter7Days: 0,
  claimToFirstReport: { devices: 6, medianSeconds: 42, p90Seconds: 5400 },
};

describe("a vendor's activation funnel as the maker reads it", () => {
  it('gives each step its devices, its share of the step before and of the devices provisioned', () => {
    expect(funnelSteps(figures)).toEqual([
      {
        key: 'provisioned',
        label: 'Provisioned',
        devices: 12,
        ofPrevious: undefined,
        ofProvisioned: '100 %',
      },
      { key: 'claimed', label: 'Claimed by a home', devices: 9, ofPrevious: '75 %', ofProvisioned: '75 %' },
      {
        key: 'firstOnline',
        label: 'Online after the claim',
        devices: 6,
        ofPrevious: '67 %',
        ofProvisioned: '50 %',
      },
      {
        key: 'activeAfter7Days',
        label: 'Active 7 to 14 days after the claim',
        devices: 0,
        ofPrevious: '0 %',
        ofProvisioned: '0 %',
      },
    ]);
  });

  it('says no share where the step before counted no device, rather than dividing by zero', () => {
    const none = { ...figures, provisioned: 0, claimed: 0, firstOnline: 0 };
    expect(funnelSteps(none).map((step) => [step.ofPrevious, step.ofProvisioned])).toEqual([
      [undefined, '–'],
      ['–', '–'],
      ['–', '–'],
      ['–', '–'],
    ]);
  });

  it('says how long claimed devices took to report first, rounded to a unit a person reads', () => {
    expect(describeClaimToFirstReport(figures)).toBe(
      'From the claim to the first report: 42 s for half of them (median), 90 min for 90 % (over 6 devices).',
    );
    expect(
      describeClaimToFirstReport({
        ...figures,
        claimToFirstReport: { devices: 0, medianSeconds: null, p90Seconds: null },
      }),
    ).toBe('No claimed device has reported since its claim yet.');
    expect([119, 120, 7199, 7200, 172_799, 172_800].map(formatDuration)).toEqual([
      '119 s',
      '2 min',
      '120 min',
      '2 h',
      '48 h',
      '2 days',
    ]);
  });
});

describe('the cohort window the maker picks', () => {
  const now = Date.parse('2026-12-06T01:30:00Z');

  it('asks for the days typed from the first midnight to the midnight after the last (UTC)', () => {
    expect(lastDays(30, now)).toEqual({ fromDay: '2026-11-07', toDay: '2026-12-06' });
    expect(cohortWindow(lastDays(30, now))).toEqual({
      from: '2026-11-07T00:00:00.000Z',
      to: '2026-12-07T00:00:00.000Z',
    });
    expect(cohortWindow({ fromDay: '2026-12-01', toDay: '2026-12-01' })).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
    });
  });

  it('names the days of the answer as they were picked, the last one included', () => {
    expect(describeCohortDays({ from: '2026-11-07T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' })).toBe(
      '2026-11-07 to 2026-12-06',
    );
    expect(describeCohortDays({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' })).toBe(
      '2026-12-01',
    );
  });

  it('names the field to change when a day is missing or the window runs backwards', () => {
    expect(cohortWindow({ fromDay: '', toDay: '2026-12-01' })).toBe('From: pick a day.');
    expect(cohortWindow({ fromDay: '2026-12-01', toDay: '2026-13-45' })).toBe('To: pick a day.');
    expect(cohortWindow({ fromDay: '2026-12-02', toDay: '2026-12-01' })).toBe(
      'To: pick the same day as From or a later one.',
    );
  });

  it('warns that a cohort of the last 14 days may still gain active devices, not an older one', () => {
    expect(isStillMaturing('2026-12-07T00:00:00.000Z', now)).toBe(true);
    expect(isStillMaturing('2026-11-22T00:00:00.000Z', now)).toBe(false);
  });
});
