import { randomUUID } from 'node:crypto';
import type { DailyReport, FleetFigures, MetricSeries } from '@homeport/contracts';
import { waitFor } from '@homeport/testing';
import { startAnalyticsUnderTest, testToken, type AnalyticsUnderTest } from './support/analytics-under-test';
import { buildKnownFleet, fleetDay, frostRuleId, offlineRuleId } from './support/known-fleet';

// The known makeup of buildKnownFleet, figure by figure. Uptime: 300 devices x 24 h = 7,200 h, of which
// 10 x 0.5 h + 20 x 12 h = 245 h offline (thermostats: 5,880 h, the same 245 h offline).
const thermostats: FleetFigures = {
  productId: 'thermostat',
  provisioned: 245,
  credentialed: 245,
  claimed: 50,
  online: 225,
  uptimePercent: 95.83, // 5,635 / 5,880
  messages: 766, // 245 x (1 state + 2 telemetry) + 31 events
  messagesPerMinute: 0.532, // 766 / 1,440
  reconnects: 10,
  reconnectsPerDevicePerDay: 0.041, // 10 / 245
  firmware: { '2.4.1': 180, '2.5.0': 65 },
  battery: { '0-19': 100, '80-100': 145 },
  events: [
    { name: 'button-pressed', severity: 'info', count: 1 },
    { name: 'filter-dirty', severity: 'warning', count: 30 },
  ],
  alerts: [
    { ruleId: frostRuleId, ruleName: 'Frost', count: 7 },
    { ruleId: offlineRuleId, ruleName: 'Offline', count: 3 },
  ],
  active: 245,
  featureUsage: [],
};
const sensors: FleetFigures = {
  productId: 'sensor',
  provisioned: 55,
  credentialed: 55,
  claimed: 0,
  online: 55,
  uptimePercent: 100,
  messages: 170, // 55 x 3 + 5 events
  messagesPerMinute: 0.118,
  reconnects: 0,
  reconnectsPerDevicePerDay: 0,
  firmware: { '2.5.0': 55 },
  battery: { '80-100': 55 },
  events: [{ name: 'overheat', severity: 'critical', count: 5 }],
  alerts: [],
  active: 55,
  featureUsage: [],
};
const fleet: FleetFigures = {
  productId: '*',
  provisioned: 300,
  credentialed: 300,
  claimed: 50,
  online: 280,
  uptimePercent: 96.6, // 6,955 / 7,200
  messages: 936,
  messagesPerMinute: 0.65,
  reconnects: 10,
  reconnectsPerDevicePerDay: 0.033,
  firmware: { '2.4.1': 180, '2.5.0': 120 },
  battery: { '0-19': 100, '80-100': 200 },
  events: [...thermostats.events.slice(0, 2), ...sensors.events],
  alerts: thermostats.alerts,
  active: 300,
  featureUsage: [],
};

describe('the daily report of a simulated fleet of known makeup', () => {
  const vendorId = `v${randomUUID().slice(0, 8)}`;
  const events = buildKnownFleet(vendorId);
  let analytics: AnalyticsUnderTest;
  const api = <T>(method: string, path: string, options: { token?: string } = {}) =>
    analytics.api<T>(method, path, options);
  const handled = () => analytics.handled();

  beforeAll(async () => {
    analytics = await startAnalyticsUnderTest('analytics_report');
    await analytics.publishAll(events);
    await waitFor(async () => (await handled()) === events.length, 'every event recorded', {
      timeoutMs: 60_000,
    });
  }, 90_000);

  afterAll(async () => {
    await analytics.close();
  });

  it('every figure of the report matches the fleet: per product and for the whole fleet', async () => {
    const report = await api<DailyReport>('GET', `/vendors/${vendorId}/reports/daily/${fleetDay}`);
    expect(report.status).toBe(200);
    expect(report.body).toEqual({
      vendorId,
      day: fleetDay,
      from: `${fleetDay}T00:00:00.000Z`,
      to: '2026-11-21T00:00:00.000Z',
      fleet,
      products: [sensors, thermostats],
    });
  });

  it('all the events again, in reverse order, leave the report identical', async () => {
    const before = await api<DailyReport>('POST', `/vendors/${vendorId}/reports/daily/${fleetDay}`);
    await analytics.publishAll([...events].reverse());
    await waitFor(async () => (await handled()) === 2 * events.length, 'every event recorded twice', {
      timeoutMs: 60_000,
    });
    const after = await api<DailyReport>('POST', `/vendors/${vendorId}/reports/daily/${fleetDay}`);
    expect(after.body).toEqual(before.body);
    expect(after.body.fleet).toEqual(fleet);
  });

  it('the CSV has one row per figure, the fleet first', async () => {
    const response = await fetch(`${analytics.url}/vendors/${vendorId}/reports/daily/${fleetDay}/csv`, {
      headers: { authorization: `Bearer ${testToken}` },
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines.slice(0, 3)).toEqual([
      'product,metric,key,value',
      '*,provisioned,,300',
      '*,credentialed,,300',
    ]);
    expect(lines).toEqual(
      expect.arrayContaining([
        '*,uptimePercent,,96.6',
        '*,firmware,2.4.1,180',
        'thermostat,events,filter-dirty:warning,30',
        `thermostat,alerts,${frostRuleId} Frost,7`,
      ]),
    );
  });

  it('a series of devices online in 6-hour buckets follows the disconnections; past 1,000 points is 400', async () => {
    const from = `${fleetDay}T00:00:00.000Z`;
    const to = '2026-11-21T00:00:00.000Z';
    const series = await api<MetricSeries>(
      'GET',
      `/vendors/${vendorId}/metrics/online/series?from=${from}&to=${to}&interval=21600`,
    );
    expect(series.body.points.map((point) => point.values)).toEqual([
      { total: 290 }, // 06:00: 0-9 just went
      { total: 280 }, // 12:00: 0-9 back, 200-219 gone
      { total: 280 },
      { total: 280 },
    ]);
    const tooFine = await api(
      'GET',
      `/vendors/${vendorId}/metrics/online/series?from=${from}&to=${to}&interval=60`,
    );
    expect(tooFine).toMatchObject({ status: 400, body: { code: 'ANALYTICS_QUERY_INVALID' } });
  });

  it('another vendor sees none of it, and a caller without the token is refused', async () => {
    const other = await api<DailyReport>('GET', `/vendors/someone-else/reports/daily/${fleetDay}`);
    expect(other.body.fleet).toMatchObject({ provisioned: 0, messages: 0, online: 0 });
    expect(other.body.products).toEqual([]);
    expect((await api('GET', `/vendors/${vendorId}/metrics`, { token: 'wrong' })).status).toBe(401);
    expect((await api('GET', `/vendors/${vendorId}/reports/daily/2999-01-01`)).status).toBe(409);
  });
});
