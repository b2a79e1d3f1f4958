import type { ActivationFunnel, FleetWindow, MetricSeries, WeeklyReport } from '@homeport/contracts';
import {
  startAnalyticsProcess,
  waitForValue,
  type AnalyticsProcess,
  type BrokerApiProcess,
} from '@homeport/testing';
import { createTestVendor, provisionThroughBrokerApi, type TestVendor } from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createVendorCalls, makeVendorAdmin } from '../support/vendors';

/** The ISO week (YYYY-Www, UTC) holding `at`: its Thursday's year, counted from the week of 4 January. */
function isoWeekOf(at: Date): string {
  const thursday = new Date(
    Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - ((at.getUTCDay() + 6) % 7) + 3),
  );
  const january4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week1Thursday = january4.getTime() + (3 - ((january4.getUTCDay() + 6) % 7)) * 86_400_000;
  const week = Math.round((thursday.getTime() - week1Thursday) / (7 * 86_400_000)) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export function describeVendorAnalytics(shared: SharedTestEnvironment): void {
  // The analytics service (its own process) keeps the facts broker-api publishes on the suite's AMQP prefix;
  // public-api (in process) serves them to the vendor's key and members, and to nobody else.
  describe("a vendor's fleet analytics through public-api, confined to the vendor", () => {
    let environment: TestEnvironment;
    let analytics: AnalyticsProcess;
    let instance: TestInstance;
    let vendor: TestVendor;
    let otherVendor: TestVendor;
    let admin: TestUser;
    let analyticsKey: string;
    let otherVendorKey: string;
    let devicesOnlyKey: string;
    let calls: ReturnType<typeof createVendorCalls>;

    beforeAll(async () => {
      environment = shared.begin();
      analytics = await startAnalyticsProcess('papi_vendor_analytics', {
        amqpPrefix: environment.amqpPrefix,
      });
      instance = await environment.startInstance(analytics.env);
      calls = createVendorCalls(instance);
      const brokerApi = environment.brokerApi as BrokerApiProcess;
      [vendor, otherVendor] = await Promise.all([createTestVendor(brokerApi), createTestVendor(brokerApi)]);
      const otherAdmin = await instance.createUser();
      admin = await instance.createUser();
      await makeVendorAdmin(environment.pool, vendor.vendorId, admin);
      await makeVendorAdmin(environment.pool, otherVendor.vendorId, otherAdmin);
      analyticsKey = (await calls.createKey(admin, vendor.vendorId, ['analytics:read'])).key;
      devicesOnlyKey = (await calls.createKey(admin, vendor.vendorId, ['devices:read'])).key;
      otherVendorKey = (await calls.createKey(otherAdmin, otherVendor.vendorId, ['analytics:read'])).key;
      // Three devices of the vendor, one of the other: registrations reach analytics as events.
      for (let n = 0; n < 3; n += 1) await provisionThroughBrokerApi(brokerApi, vendor);
      await provisionThroughBrokerApi(brokerApi, otherVendor);
    }, 120_000);

    afterAll(async () => {
      await environment.close();
      await analytics.close();
    });

    const metricsPath = (vendorId: string) => `/v1/vendors/${vendorId}/analytics/metrics`;

    it("the vendor's key reads its fleet's figures now: its three devices, not the other vendor's", async () => {
      const figures = await waitForValue(async () => {
        const answer = await calls.call<FleetWindow>(analyticsKey, 'GET', metricsPath(vendor.vendorId));
        expect(answer.status).toBe(200);
        return answer.body.fleet.provisioned === 3 ? answer.body : undefined;
      }, 'three provisioned devices in the figures');
      expect(figures).toMatchObject({
        vendorId: vendor.vendorId,
        fleet: { productId: '*', provisioned: 3, claimed: 0 },
        products: [{ productId: vendor.productId, provisioned: 3 }],
      });
    });

    it("a member of the vendor reads a metric's time series, the last bucket holding the three devices", async () => {
      const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000);
      const from = new Date(to.getTime() - 3_600_000);
      const query = `from=${from.toISOString()}&to=${to.toISOString()}&interval=600`;
      const answer = await calls.call<MetricSeries>(
        admin.tokens.accessToken,
        'GET',
        `${metricsPath(vendor.vendorId)}/provisioned/series?${query}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body.points).toHaveLength(6);
      expect(answer.body.points.at(-1)?.values).toEqual({ total: 3 });
    });

    it('a daily report is read as JSON and downloaded as CSV; today is not over yet', async () => {
      const yesterday = day(-1);
      const report = await calls.call<FleetWindow & { day: string }>(
        analyticsKey,
        'GET',
        `/v1/vendors/${vendor.vendorId}/analytics/reports/daily/${yesterday}`,
      );
      // The devices were all provisioned today: yesterday the fleet was empty.
      expect(report).toMatchObject({ status: 200, body: { day: yesterday, fleet: { provisioned: 0 } } });
      const csv = await fetch(
        `${instance.running.http.url}/v1/vendors/${vendor.vendorId}/analytics/reports/daily/${yesterday}/csv`,
        { headers: { authorization: `Bearer ${analyticsKey}` } },
      );
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe(
        `attachment; filename="${vendor.vendorId}-${yesterday}.csv"`,
      );
      expect((await csv.text()).split('\r\n').slice(0, 2)).toEqual([
        'product,metric,key,value',
        '*,provisioned,,0',
      ]);
      const today = await calls.call(
        analyticsKey,
        'GET',
        `/v1/vendors/${vendor.vendorId}/analytics/reports/daily/${day(0)}`,
      );
      expect(today).toMatchObject({ status: 409, body: { code: 'REPORT_DAY_NOT_OVER' } });
    });

    it("last ISO week's report is read as JSON and CSV, this week is not over yet; active devices by day", async () => {
      const weekPath = (week: string) => `/v1/vendors/${vendor.vendorId}/analytics/reports/weekly/${week}`;
      const lastWeek = isoWeekOf(new Date(Date.now() - 7 * 86_400_000));
      const report = await calls.call<WeeklyReport>(analyticsKey, 'GET', weekPath(lastWeek));
      // The devices were all provisioned this week: last week the fleet was empty.
      expect(report).toMatchObject({
        status: 200,
        body: { week: lastWeek, fleet: { provisioned: 0, active: 0, featureUsage: [] } },
      });
      const csv = await fetch(`${instance.running.http.url}${weekPath(lastWeek)}/csv`, {
        headers: { authorization: `Bearer ${analyticsKey}` },
      });
      expect(csv.headers.get('content-disposition')).toBe(
        `attachment; filename="${vendor.vendorId}-${lastWeek}.csv"`,
      );
      expect(await csv.text()).toContain('*,active,,0\r\n');
      const thisWeek = await calls.call(analyticsKey, 'GET', weekPath(isoWeekOf(new Date())));
      expect(thisWeek).toMatchObject({ status: 409, body: { code: 'REPORT_WEEK_NOT_OVER' } });
      expect((await calls.call(analyticsKey, 'GET', weekPath('2026-48'))).status).toBe(400);
      const from = `${day(-2)}T00:00:00.000Z`;
      const to = `${day(1)}T00:00:00.000Z`;
      const active = await calls.call<MetricSeries>(
        analyticsKey,
        'GET',
        `${metricsPath(vendor.vendorId)}/active/series?from=${from}&to=${to}&period=day`,
      );
      expect(active).toMatchObject({ status: 200, body: { metric: 'active' } });
      expect(active.body.points.map((point) => point.from)).toEqual([
        from,
        `${day(-1)}T00:00:00.000Z`,
        `${day(0)}T00:00:00.000Z`,
      ]);
    });

    it("the funnel of today's cohort: the three devices provisioned, none claimed yet", async () => {
      const from = `${day(0)}T00:00:00.000Z`;
      const to = `${day(1)}T00:00:00.000Z`;
      const funnel = await calls.call<ActivationFunnel>(
        admin.tokens.accessToken,
        'GET',
        `/v1/vendors/${vendor.vendorId}/analytics/funnel?from=${from}&to=${to}`,
      );
      expect(funnel).toMatchObject({
        status: 200,
        body: {
          vendorId: vendor.vendorId,
          fleet: {
            productId: '*',
            provisioned: 3,
            claimed: 0,
            firstOnline: 0,
            activeAfter7Days: 0,
            claimToFirstReport: { devices: 0, medianSeconds: null, p90Seconds: null },
          },
          products: [{ productId: vendor.productId, provisioned: 3 }],
        },
      });
      const other = await calls.call(
        otherVendorKey,
        'GET',
        `/v1/vendors/${vendor.vendorId}/analytics/funnel?from=${from}&to=${to}`,
      );
      expect(other).toMatchObject({ status: 404, body: { code: 'VENDOR_NOT_FOUND' } });
    });

    it("another vendor's key, a key without analytics:read and an owner are refused", async () => {
      const owner = await instance.createUser();
      const answers = await Promise.all([
        calls.call(otherVendorKey, 'GET', metricsPath(vendor.vendorId)),
        calls.call(devicesOnlyKey, 'GET', metricsPath(vendor.vendorId)),
        calls.call(owner.tokens.accessToken, 'GET', metricsPath(vendor.vendorId)),
      ]);
      expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual([
        [404, 'VENDOR_NOT_FOUND'],
        [403, 'TOKEN_SCOPE_INSUFFICIENT'],
        [404, 'VENDOR_NOT_FOUND'],
      ]);
    });

    it('with the analytics service away, the vendor gets 503 ANALYTICS_UNAVAILABLE', async () => {
      const away = await environment.startInstance();
      const answer = await createVendorCalls(away).call(analyticsKey, 'GET', metricsPath(vendor.vendorId));
      expect(answer).toMatchObject({ status: 503, body: { code: 'ANALYTICS_UNAVAILABLE' } });
    });
  });
}
