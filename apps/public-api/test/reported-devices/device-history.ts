import { readInfluxConnection } from '@homeport/config';
import {
  deviceSeriesTags,
  telemetryMeasurement,
  toRollupFieldName,
  toRollupMeasurement,
  type DeviceHistoryResponse,
  type HomeDeviceResponse,
  type ProvisionedDeviceResponse,
} from '@homeport/contracts';
import { createInfluxWriter, Point } from '@homeport/storage';
import { waitForValue, type BrokerApiProcess } from '@homeport/testing';
import {
  createTestVendor,
  provisionThroughBrokerApi,
  sendReportedStates,
  sendTelemetry,
  type TestVendor,
} from '../support/devices';
import { type SharedTestEnvironment, type TestEnvironment, type TestInstance } from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';

const minute = 60_000;

export function describeDeviceHistory(shared: SharedTestEnvironment): void {
  describe('public-api: owners read the history of their devices, aggregated on the server', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let brokerApi: BrokerApiProcess;
    let vendor: TestVendor;
    let helpers: ReturnType<typeof createHomeHelpers>;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      brokerApi = environment.brokerApi as BrokerApiProcess;
      vendor = await createTestVendor(brokerApi);
      helpers = createHomeHelpers(instance);
    });
    afterAll(async () => {
      await environment.close();
    });

    /** A device claimed into a new home of a new owner. */
    async function claimNewDevice() {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const provisioned: ProvisionedDeviceResponse = await provisionThroughBrokerApi(brokerApi, vendor);
      const claimed = await helpers
        .as(owner)
        .call<HomeDeviceResponse>('POST', `/v1/homes/${home.id}/devices/claim`, {
          claimCode: provisioned.claimCode,
        });
      expect(claimed.status).toBe(200);
      return { owner, home, device: { vendorId: vendor.vendorId, deviceId: provisioned.id } };
    }

    /** A device claimed into a new home of a new owner, which sent temperatures over MQTT a minute apart. */
    async function deviceWithTelemetry(temperatures: readonly number[], startMs: number) {
      const { owner, home, device } = await claimNewDevice();
      await sendTelemetry(
        brokerApi,
        device,
        temperatures.map((temperature, index) => ({
          seq: index + 1,
          ts: startMs + index * minute,
          metrics: { temperature, mode: 'heat' },
        })),
      );
      return { owner, home, deviceId: device.deviceId };
    }

    it('a device sends telemetry over MQTT and its owner reads it back aggregated per bucket, as asked', async () => {
      const startMs = Math.floor(Date.now() / minute) * minute - 10 * minute;
      const { owner, home, deviceId } = await deviceWithTelemetry([20, 22, 30, 31], startMs);
      const from = new Date(startMs).toISOString();
      const to = new Date(startMs + 4 * minute).toISOString();
      const path = (aggregate: string) =>
        `/v1/homes/${home.id}/devices/${deviceId}/history?from=${from}&to=${to}&interval=2m&aggregate=${aggregate}`;
      // Every point stored first: the four may reach the time series in more than one write.
      await waitForValue(async () => {
        const read = await helpers.as(owner).call<DeviceHistoryResponse>('GET', path('count'));
        const count = read.body.series[0]?.points.reduce((sum, point) => sum + point.value, 0);
        return read.status === 200 && count === 4 ? read : undefined;
      }, 'the telemetry to reach the history');

      const answer = await helpers.as(owner).call<DeviceHistoryResponse>('GET', path('max'));

      expect(answer.body).toEqual({
        deviceId,
        source: 'telemetry',
        from,
        to,
        aggregate: 'max',
        intervalMs: 2 * minute,
        series: [
          {
            metric: 'temperature',
            points: [
              { time: from, value: 22 },
              { time: new Date(startMs + 2 * minute).toISOString(), value: 31 },
            ],
          },
        ],
      });
    });

    it('a device reports its state over MQTT and its owner reads its numbers and booleans back aggregated, as asked', async () => {
      const startMs = Math.floor(Date.now() / minute) * minute - 10 * minute;
      const { owner, home, device } = await claimNewDevice();
      await sendReportedStates(brokerApi, device, [
        { seq: 1, ts: startMs, state: { setpoint: 20, heating: true, mode: 'heat' } },
        { seq: 2, ts: startMs + minute, state: { setpoint: 22, heating: false } },
        { seq: 3, ts: startMs + 2 * minute, state: { setpoint: 19 } },
      ]);
      const from = new Date(startMs).toISOString();
      const to = new Date(startMs + 4 * minute).toISOString();
      const path = (aggregate: string) =>
        `/v1/homes/${home.id}/devices/${device.deviceId}/history?source=state&from=${from}&to=${to}&interval=2m&aggregate=${aggregate}`;
      const countOf = (body: DeviceHistoryResponse, metric: string) =>
        body.series
          .find((series) => series.metric === metric)
          ?.points.reduce((sum, point) => sum + point.value, 0);
      await waitForValue(async () => {
        const read = await helpers.as(owner).call<DeviceHistoryResponse>('GET', path('count'));
        return read.status === 200 && countOf(read.body, 'setpoint') === 3 ? read : undefined;
      }, 'the three reports to reach the history');

      const answer = await helpers.as(owner).call<DeviceHistoryResponse>('GET', path('mean'));

      expect(answer.body).toEqual({
        deviceId: device.deviceId,
        source: 'state',
        from,
        to,
        aggregate: 'mean',
        intervalMs: 2 * minute,
        series: [
          { metric: 'heating', points: [{ time: from, value: 0.5 }] },
          {
            metric: 'setpoint',
            points: [
              { time: from, value: 21 },
              { time: new Date(startMs + 2 * minute).toISOString(), value: 19 },
            ],
          },
        ],
      });
    });

    it.each([
      ['mean', 24.4],
      ['min', 18],
      ['max', 30],
      ['count', 5],
    ])(
      'a chart of months ago is answered from the hourly rollups, raw points being past their retention: the %s',
      async (aggregate, temperature) => {
        const { owner, home, device } = await claimNewDevice();
        const hourMs = 60 * minute;
        const startMs = Math.floor(Date.now() / hourMs) * hourMs - 200 * 24 * hourMs;
        // What state-workers' rollups of temperatures 18, 22 and then 25, 27, 30 hold.
        const rollupBucket = (timeMs: number, values: readonly number[]) => {
          const sum = values.reduce((a, b) => a + b);
          const point = new Point(toRollupMeasurement(telemetryMeasurement, '1h'))
            .tag(deviceSeriesTags.vendorId, device.vendorId)
            .tag(deviceSeriesTags.deviceId, device.deviceId)
            .timestamp(timeMs);
          const statistics = {
            mean: sum / values.length,
            min: Math.min(...values),
            max: Math.max(...values),
          };
          for (const [statistic, value] of Object.entries(statistics))
            point.floatField(toRollupFieldName(statistic as 'mean', 'temperature'), value);
          point.floatField(toRollupFieldName('count', 'temperature'), values.length);
          return point.floatField(toRollupFieldName('sum', 'temperature'), sum);
        };
        const writer = createInfluxWriter({ ...readInfluxConnection(instance.config), precision: 'ms' });
        writer.write([rollupBucket(startMs, [18, 22]), rollupBucket(startMs + hourMs, [25, 27, 30])]);
        await writer.flush();
        const from = new Date(startMs).toISOString();
        const to = new Date(startMs + 2 * hourMs).toISOString();

        const answer = await helpers
          .as(owner)
          .call<DeviceHistoryResponse>(
            'GET',
            `/v1/homes/${home.id}/devices/${device.deviceId}/history?from=${from}&to=${to}&interval=2h&aggregate=${aggregate}`,
          );

        expect(answer.status).toBe(200);
        expect(answer.body.series).toEqual([
          { metric: 'temperature', points: [{ time: from, value: temperature }] },
        ]);
      },
    );

    it('without an interval the server picks one that keeps to maxPoints', async () => {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const { id: deviceId, claimCode } = await provisionThroughBrokerApi(brokerApi, vendor);
      await helpers.as(owner).call('POST', `/v1/homes/${home.id}/devices/claim`, { claimCode });
      const query = 'from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&maxPoints=1000';

      const answer = await helpers
        .as(owner)
        .call<DeviceHistoryResponse>('GET', `/v1/homes/${home.id}/devices/${deviceId}/history?${query}`);

      expect(answer.status).toBe(200);
      expect(answer.body.intervalMs).toBe(12 * 60 * minute);
    });

    it.each([
      ['to before from', 'from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 'HISTORY_RANGE_INVALID'],
      [
        'a range over 366 days',
        'from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
        'HISTORY_RANGE_TOO_LONG',
      ],
      [
        'an interval giving too many points',
        'from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&interval=1m',
        'HISTORY_TOO_MANY_POINTS',
      ],
      ['maxPoints over 1,000', 'maxPoints=1001', 'VALIDATION_FAILED'],
      ['an unknown aggregate', 'aggregate=median', 'VALIDATION_FAILED'],
    ])('%s is refused with 400 naming it', async (_case, query, code) => {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const { id: deviceId, claimCode } = await provisionThroughBrokerApi(brokerApi, vendor);
      await helpers.as(owner).call('POST', `/v1/homes/${home.id}/devices/claim`, { claimCode });

      const answer = await helpers
        .as(owner)
        .call('GET', `/v1/homes/${home.id}/devices/${deviceId}/history?${query}`);

      expect(answer).toMatchObject({ status: 400, body: { code } });
    });

    it("another home's owner reads nothing of the device: 404 for the home and for the device alike", async () => {
      const { home, deviceId } = await deviceWithTelemetry([20], Date.now() - minute);
      const stranger = await instance.createUser();
      const strangersHome = await helpers.createHome(stranger);

      const viaTheirHome = await helpers
        .as(stranger)
        .call('GET', `/v1/homes/${home.id}/devices/${deviceId}/history`);
      const viaOwnHome = await helpers
        .as(stranger)
        .call('GET', `/v1/homes/${strangersHome.id}/devices/${deviceId}/history`);

      expect(viaTheirHome).toMatchObject({ status: 404, body: { code: 'HOME_NOT_FOUND' } });
      expect(viaOwnHome).toMatchObject({ status: 404, body: { code: 'DEVICE_NOT_FOUND' } });
    });

    it("a device passed on to another home: the new home reads what it reported since, and none of the old home's commands", async () => {
      const startMs = Math.floor(Date.now() / minute) * minute - 10 * minute;
      const { owner, home, deviceId } = await deviceWithTelemetry([20, 21], startMs);
      const from = new Date(startMs).toISOString();
      const historyPath = (homeId: string) =>
        `/v1/homes/${homeId}/devices/${deviceId}/history?from=${from}&interval=1h&aggregate=count`;
      await waitForValue(async () => {
        const read = await helpers.as(owner).call<DeviceHistoryResponse>('GET', historyPath(home.id));
        return read.body.series[0]?.points[0]?.value === 2 ? read : undefined;
      }, "the first home's telemetry stored");
      const command = await helpers
        .as(owner)
        .call<{ id: string }>('POST', `/v1/devices/${deviceId}/commands`, {
          name: 'mode',
          params: { value: 'eco' },
          ttlSeconds: 600,
        });
      expect(command.status).toBe(201);
      const released = await helpers
        .as(owner)
        .call<{ claimCode: string }>('DELETE', `/v1/homes/${home.id}/devices/${deviceId}`);
      expect(released.status).toBe(200);

      const buyer = await instance.createUser();
      const newHome = await helpers.createHome(buyer);
      const claim = { claimCode: released.body.claimCode };
      expect(
        (await helpers.as(buyer).call('POST', `/v1/homes/${newHome.id}/devices/claim`, claim)).status,
      ).toBe(200);
      await sendTelemetry(brokerApi, { vendorId: vendor.vendorId, deviceId }, [
        { seq: 3, ts: Date.now() + 1000, metrics: { temperature: 30, mode: 'heat' } },
      ]);

      const seen = await waitForValue(async () => {
        const read = await helpers.as(buyer).call<DeviceHistoryResponse>('GET', historyPath(newHome.id));
        return read.body.series.length > 0 ? read : undefined;
      }, "the new home's telemetry");
      expect(
        seen.body.series.map(({ metric, points }) => [metric, points.map((point) => point.value)]),
      ).toEqual([['temperature', [1]]]);
      const commands = await helpers
        .as(buyer)
        .call<{ items: unknown[] }>('GET', `/v1/devices/${deviceId}/commands`);
      expect(commands).toMatchObject({ status: 200, body: { items: [] } });
      const oldCommand = await helpers
        .as(buyer)
        .call('GET', `/v1/devices/${deviceId}/commands/${command.body.id}`);
      expect(oldCommand).toMatchObject({ status: 404, body: { code: 'COMMAND_NOT_FOUND' } });
    });
  });
}
