import { randomUUID } from 'node:crypto';
import type {
  ActivationFunnel,
  FeatureUse,
  FunnelFigures,
  MetricSeries,
  WeeklyReport,
} from '@homeport/contracts';
import { sumMetric, waitFor } from '@homeport/testing';
import { startAnalyticsUnderTest, testToken, type AnalyticsUnderTest } from './support/analytics-under-test';
import { buildProductFleet, cohortWeek, usageWeek } from './support/product-fleet';

// The known numbers of buildProductFleet. Claim to first report: thermostats t0-t11 after 60, 120, ... 720 s
// (median: the 6th of 12, 360; p90: the 11th, 660); plugs p0-p4 after 600 ... 3,000 s (3rd of 5: 1,800; 5th:
// 3,000); the fleet's 17 (9th: 540; 16th: 2,400).
const thermostatFunnel: FunnelFigures = {
  productId: 'thermostat',
  provisioned: 20,
  claimed: 15,
  firstOnline: 12,
  activeAfter7Days: 8,
  claimToFirstReport: { devices: 12, medianSeconds: 360, p90Seconds: 660 },
};
const plugFunnel: FunnelFigures = {
  productId: 'plug',
  provisioned: 10,
  claimed: 5,
  firstOnline: 5,
  activeAfter7Days: 2,
  claimToFirstReport: { devices: 5, medianSeconds: 1800, p90Seconds: 3000 },
};
const fleetFunnel: FunnelFigures = {
  productId: '*',
  provisioned: 30,
  claimed: 20,
  firstOnline: 17,
  activeAfter7Days: 10,
  claimToFirstReport: { devices: 17, medianSeconds: 540, p90Seconds: 2400 },
};

const use = (kind: FeatureUse['kind'], name: string, source: FeatureUse['source'], count: number) => ({
  kind,
  name,
  source,
  count,
});
const thermostatUsage = [
  use('command', 'identify', 'owner', 1),
  use('command', 'reboot', 'unknown', 1),
  use('command', 'reboot', 'vendor', 2),
  use('desired', 'mode', 'owner', 1),
  use('desired', 'mode', 'unknown', 1),
  use('desired', 'setpoint', 'automation', 3),
  use('desired', 'setpoint', 'owner', 6),
];
const plugUsage = [
  use('command', 'identify', 'automation', 1),
  use('desired', 'power', 'assistant', 1),
  use('desired', 'power', 'vendor', 1),
];

describe('product analytics of a fleet of known makeup: active devices, funnel, feature usage, weekly report', () => {
  const vendorId = `v${randomUUID().slice(0, 8)}`;
  const events = buildProductFleet(vendorId);
  // The desired change published without `properties` (an older broker-api) is skipped, not recorded.
  const recordable = events.length - 1;
  // W48 is not over while the fleet is published; the schedule's clock then moves past it.
  let nowMs = Date.UTC(2026, 10, 29, 12);
  let analytics: AnalyticsUnderTest;
  const api = <T>(method: string, path: string) => analytics.api<T>(method, path);
  const handled = () => analytics.handled();
  const scheduled = async () =>
    sumMetric(await analytics.metricsText(), 'analytics_reports_generated_total', { trigger: 'schedule' });
  const values = (series: MetricSeries) => series.points.map((point) => point.values);

  beforeAll(async () => {
    analytics = await startAnalyticsUnderTest('analytics_product', {
      env: { REPORT_INTERVAL_MS: '1000' },
      now: () => nowMs,
    });
    await analytics.publishAll(events);
    await waitFor(async () => (await handled()) === recordable, 'every event recorded', {
      timeoutMs: 60_000,
    });
  }, 90_000);

  afterAll(async () => {
    await analytics.close();
  });

  it('active devices per UTC day, ISO week and month, for the fleet and per product', async () => {
    const from = '2026-11-16T00:00:00.000Z';
    const to = '2026-11-30T00:00:00.000Z';
    const series = (query: string) =>
      api<MetricSeries>('GET', `/vendors/${vendorId}/metrics/active/series?from=${from}&to=${to}&${query}`);
    const daily = await series('period=day');
    expect(daily.body.points[0]?.from).toBe(from);
    // 16 Nov: t0-t11 and x0; 17 Nov: p0-p4 and x0; 23 Nov: t8 and x0; 24 Nov: t0-t7, x0; 25 Nov: p0-p1, x0.
    expect(values(daily.body).map((point) => point.total)).toEqual([
      13, 6, 1, 1, 1, 1, 1, 2, 9, 3, 1, 1, 1, 1,
    ]);
    expect(values((await series('period=week')).body)).toEqual([{ total: 18 }, { total: 12 }]);
    expect(values((await series('period=week&productId=thermostat')).body)).toEqual([
      { total: 13 },
      { total: 10 },
    ]);
    const monthly = await api<MetricSeries>(
      'GET',
      `/vendors/${vendorId}/metrics/active/series?from=2026-10-15T00:00:00.000Z&to=2026-12-01T00:00:00.000Z&period=month`,
    );
    // November also holds t9's message of 30 Nov: a device already counted.
    expect(monthly.body.points.map((point) => [point.from, point.values])).toEqual([
      ['2026-10-01T00:00:00.000Z', {}],
      ['2026-11-01T00:00:00.000Z', { total: 18 }],
    ]);
    const both = await series('period=day&interval=3600');
    expect(both).toMatchObject({ status: 400, body: { code: 'ANALYTICS_QUERY_INVALID' } });
    expect(
      (await api('GET', `/vendors/${vendorId}/metrics/active/series?from=${from}&to=${to}`)).status,
    ).toBe(400);
  });

  it('the funnel of the W47 cohort: provisioned, claimed, first online, active after 7 days, claim to first report', async () => {
    const cohort = 'from=2026-11-16T00:00:00.000Z&to=2026-11-23T00:00:00.000Z';
    const funnel = await api<ActivationFunnel>('GET', `/vendors/${vendorId}/funnel?${cohort}`);
    expect(funnel.body).toEqual({
      vendorId,
      from: '2026-11-16T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
      fleet: fleetFunnel,
      products: [plugFunnel, thermostatFunnel],
    });
    const plugs = await api<ActivationFunnel>('GET', `/vendors/${vendorId}/funnel?${cohort}&productId=plug`);
    expect(plugs.body).toMatchObject({ fleet: { ...plugFunnel, productId: '*' }, products: [plugFunnel] });
    const none = await api<ActivationFunnel>('GET', `/vendors/someone-else/funnel?${cohort}`);
    expect(none.body.fleet).toEqual({
      productId: '*',
      provisioned: 0,
      claimed: 0,
      firstOnline: 0,
      activeAfter7Days: 0,
      claimToFirstReport: { devices: 0, medianSeconds: null, p90Seconds: null },
    });
  });

  it('once W48 is over, the schedule generates its report: active devices and feature usage by who asked', async () => {
    const before = await scheduled();
    nowMs = Date.UTC(2026, 10, 30, 0, 5);
    // Yesterday's daily report and last week's weekly one.
    await waitFor(async () => (await scheduled()) >= before + 2, 'the schedule generated the reports', {
      timeoutMs: 20_000,
    });
    const report = await api<WeeklyReport>('GET', `/vendors/${vendorId}/reports/weekly/${usageWeek}`);
    expect(report.body).toMatchObject({
      vendorId,
      week: usageWeek,
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
      fleet: { provisioned: 31, claimed: 20, active: 12, messages: 18 },
    });
    expect(report.body.fleet.featureUsage).toEqual(
      [...thermostatUsage, ...plugUsage].sort((a, b) =>
        `${a.kind}:${a.name}:${a.source}`.localeCompare(`${b.kind}:${b.name}:${b.source}`),
      ),
    );
    expect(
      report.body.products.map(({ productId, active, featureUsage }) => ({
        productId,
        active,
        featureUsage,
      })),
    ).toEqual([
      { productId: 'plug', active: 2, featureUsage: plugUsage },
      { productId: 'thermostat', active: 10, featureUsage: thermostatUsage },
    ]);
  });

  it('every event again, in reverse order, leaves the weekly report and the funnel identical', async () => {
    const week = `/vendors/${vendorId}/reports/weekly/${usageWeek}`;
    const before = await api<WeeklyReport>('GET', week);
    await analytics.publishAll([...events].reverse());
    await waitFor(async () => (await handled()) === 2 * recordable, 'every event recorded twice', {
      timeoutMs: 60_000,
    });
    const again = await api<WeeklyReport>('POST', week);
    expect(again.body).toEqual(before.body);
    const funnel = await api<ActivationFunnel>(
      'GET',
      `/vendors/${vendorId}/funnel?from=2026-11-16T00:00:00.000Z&to=2026-11-23T00:00:00.000Z`,
    );
    expect(funnel.body.fleet).toEqual(fleetFunnel);
  });

  it('the weekly CSV has the new rows; a week not over is 409, a week its year lacks is 400', async () => {
    const response = await fetch(`${analytics.url}/vendors/${vendorId}/reports/weekly/${usageWeek}/csv`, {
      headers: { authorization: `Bearer ${testToken}` },
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await response.text()).split('\r\n')).toEqual(
      expect.arrayContaining(['*,active,,12', 'thermostat,featureUsage,desired:setpoint:owner,6']),
    );
    expect(await api('GET', `/vendors/${vendorId}/reports/weekly/2026-W49`)).toMatchObject({
      status: 409,
      body: { code: 'REPORT_WEEK_NOT_OVER' },
    });
    expect(await api('GET', `/vendors/${vendorId}/reports/weekly/2025-W53`)).toMatchObject({
      status: 400,
      body: { code: 'ANALYTICS_QUERY_INVALID' },
    });
    expect((await api('GET', `/vendors/${vendorId}/reports/weekly/${cohortWeek}`)).status).toBe(200);
  });
});
