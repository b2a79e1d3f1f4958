import { randomUUID } from 'node:crypto';
import type { ActivationFunnel, DailyReport, MetricSeries, WeeklyReport } from '@homeport/contracts';
import { sumMetric, waitFor } from '@homeport/testing';
import { startAnalyticsUnderTest, type AnalyticsUnderTest } from './support/analytics-under-test';
import { buildKnownFleet, fleetDay } from './support/known-fleet';
import { buildProductFleet, cohortWeek, usageWeek } from './support/product-fleet';

describe('the figures of message and presence facts past their retention, rolled up per day and their raw rows deleted', () => {
  const reportVendor = `v${randomUUID().slice(0, 8)}`;
  const productVendor = `v${randomUUID().slice(0, 8)}`;
  const events = [...buildKnownFleet(reportVendor), ...buildProductFleet(productVendor)];
  // The product fleet's desired change without `properties` is not recorded.
  const recordable = events.length - 1;
  // 30 Nov: with the default retention (31 days) every message is raw.
  let nowMs = Date.UTC(2026, 10, 30, 12);
  let analytics: AnalyticsUnderTest;
  let rawCounts: { vendor_id: string; messages: number }[];
  let rawPresence: number;
  const api = <T>(method: string, path: string) => analytics.api<T>(method, path);
  const rawBefore = async (at: string, table = 'device_messages') =>
    (
      await analytics.rows<{ count: number }>(
        `SELECT count(*)::int AS count FROM analytics.${table} WHERE at < $1`,
        [new Date(at)],
      )
    )[0]?.count;
  const series = async (vendorId: string, metric: string, query: string) =>
    (await api<MetricSeries>('GET', `/vendors/${vendorId}/metrics/${metric}/series?${query}`)).body;
  const fleetDays = 'from=2026-11-18T00:00:00.000Z&to=2026-11-23T00:00:00.000Z&period=day';

  /**
   * Every figure that reads message or presence facts: reports, the funnel, series of active devices,
   * events, uptime, reconnects and devices online.
   */
  const figures = async () => ({
    daily: (await api<DailyReport>('POST', `/vendors/${reportVendor}/reports/daily/${fleetDay}`)).body,
    weekly: await Promise.all(
      [cohortWeek, usageWeek].map(
        async (week) =>
          (await api<WeeklyReport>('POST', `/vendors/${productVendor}/reports/weekly/${week}`)).body,
      ),
    ),
    funnel: (
      await api<ActivationFunnel>(
        'GET',
        `/vendors/${productVendor}/funnel?from=2026-11-16T00:00:00.000Z&to=2026-11-23T00:00:00.000Z`,
      )
    ).body,
    activePerDay: (
      await api<MetricSeries>(
        'GET',
        `/vendors/${productVendor}/metrics/active/series?from=2026-11-09T00:00:00.000Z&to=2026-12-01T00:00:00.000Z&period=day`,
      )
    ).body,
    eventsPerDay: (
      await api<MetricSeries>(
        'GET',
        `/vendors/${reportVendor}/metrics/events/series?from=2026-11-19T00:00:00.000Z&to=2026-11-22T00:00:00.000Z&interval=86400`,
      )
    ).body,
    uptimePerDay: await series(reportVendor, 'uptime', fleetDays),
    reconnectsPerDay: await series(reportVendor, 'reconnects', fleetDays),
    onlinePerDay: await series(reportVendor, 'online', fleetDays),
    cohortUptimePerWeek: await series(
      productVendor,
      'uptime',
      'from=2026-11-16T00:00:00.000Z&to=2026-11-30T00:00:00.000Z&period=week',
    ),
  });
  let before: Awaited<ReturnType<typeof figures>>;

  beforeAll(async () => {
    analytics = await startAnalyticsUnderTest('analytics_retention', {
      env: { MESSAGE_FACTS_ROLLUP_INTERVAL_MS: '1000', MESSAGE_FACTS_DELETE_BATCH_SIZE: '50' },
      now: () => nowMs,
    });
    await analytics.publishAll(events);
    await waitFor(async () => (await analytics.handled()) === recordable, 'every event recorded', {
      timeoutMs: 60_000,
    });
    rawCounts = await analytics.rows(
      'SELECT vendor_id, count(*)::int AS messages FROM analytics.device_messages GROUP BY 1 ORDER BY 1',
    );
    rawPresence = (await rawBefore('2027-01-01T00:00:00Z', 'presence')) ?? 0;
    before = await figures();
  }, 90_000);

  afterAll(async () => {
    await analytics.close();
  });

  it('when the clock passes the retention of some days, the figures are the same from their rollup and the raw rows after them', async () => {
    expect(before.daily.fleet.messages).toBe(936);
    expect(before.daily.fleet.uptimePercent).toBe(96.6);
    expect(before.daily.fleet.reconnects).toBe(10);
    expect(before.funnel.fleet.activeAfter7Days).toBe(10);
    expect(before.funnel.fleet.firstOnline).toBe(17);
    // 31 days before 25 Dec: the days before 24 Nov are due (the cohort's claims, t8's early report).
    nowMs = Date.UTC(2026, 11, 25, 12);
    await waitFor(
      async () => (await rawBefore('2026-11-24T00:00:00Z')) === 0,
      'raw rows before 24 Nov gone',
      {
        timeoutMs: 30_000,
      },
    );
    expect(await rawBefore('2026-12-01T00:00:00Z')).toBeGreaterThan(0);
    // Every presence fact of both fleets is before 24 Nov.
    await waitFor(
      async () => (await rawBefore('2027-01-01T00:00:00Z', 'presence')) === 0,
      'raw presence gone',
      { timeoutMs: 30_000 },
    );
    expect(await figures()).toEqual(before);
  });

  it('when every day is past, its raw rows are gone, the rollup holds every message, and the figures are the same', async () => {
    nowMs = Date.UTC(2027, 0, 15, 12);
    await waitFor(async () => (await rawBefore('2027-01-01T00:00:00Z')) === 0, 'every raw row gone', {
      timeoutMs: 30_000,
    });
    expect(
      await analytics.rows(
        'SELECT vendor_id, sum(messages)::int AS messages FROM analytics.message_days GROUP BY 1 ORDER BY 1',
      ),
    ).toEqual(rawCounts);
    expect(await figures()).toEqual(before);
  });

  it('every event delivered again after the pruning changes no figure, and the copies are deleted', async () => {
    await analytics.publishAll([...events].reverse());
    await waitFor(async () => (await analytics.handled()) === 2 * recordable, 'every event recorded twice', {
      timeoutMs: 60_000,
    });
    expect(await figures()).toEqual(before);
    // Each message and presence fact stored and deleted twice: once rolled up, once as a late copy.
    const total = rawCounts.reduce((sum, vendor) => sum + vendor.messages, 0);
    await waitFor(
      async () => {
        const text = await analytics.metricsText();
        return (
          sumMetric(text, 'analytics_message_facts_deleted_total') === 2 * total &&
          sumMetric(text, 'analytics_presence_facts_deleted_total') === 2 * rawPresence
        );
      },
      'the copies deleted',
      { timeoutMs: 30_000 },
    );
    expect(await rawBefore('2027-01-01T00:00:00Z')).toBe(0);
    expect(await rawBefore('2027-01-01T00:00:00Z', 'presence')).toBe(0);
  });

  it('a series in hourly buckets over rolled-up days is 400 naming the horizon', async () => {
    const hourly = await api<{ code: string; message: string }>(
      'GET',
      `/vendors/${reportVendor}/metrics/messages/series?from=2026-11-20T00:00:00.000Z&to=2026-11-21T00:00:00.000Z&interval=3600`,
    );
    expect(hourly.status).toBe(400);
    expect(hourly.body.code).toBe('ANALYTICS_QUERY_INVALID');
    expect(hourly.body.message).toContain('2026-11-20T01:00:00Z is before 2026-11-21T00:00:00Z, the horizon');
  });
});
