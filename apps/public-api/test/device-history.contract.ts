import {
  reportedStateMeasurement,
  telemetryMeasurement,
  toFieldName,
  toRollupFieldName,
  toRollupMeasurement,
  toStateFields,
} from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import type { DeviceHistoryReader, HistoryQuery } from '../src/domain/device-history';

/** A point as state-workers stores it: a measurement of one device at a time, fields named by the layout. */
export interface StoredPoint {
  readonly measurement: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly timeMs: number;
  readonly fields: Readonly<Record<string, number | boolean | string>>;
}

/** A history reader under test, with a way to store points where it reads (numbers as floats). */
export interface DeviceHistorySubject {
  readonly reader: DeviceHistoryReader;
  store(points: readonly StoredPoint[]): Promise<void>;
  close(): Promise<void>;
}

type Device = { readonly vendorId: string; readonly deviceId: string };

/** Telemetry laid out as state-workers writes it: a field per metric, named for its value type. */
const telemetryPoint = (
  device: Device,
  timeMs: number,
  metrics: Record<string, number | boolean | string>,
) => ({
  measurement: telemetryMeasurement,
  ...device,
  timeMs,
  fields: Object.fromEntries(
    Object.entries(metrics).map(([name, value]) => [toFieldName(name, value), value]),
  ),
});

/** A report laid out as state-workers writes it: its numbers and booleans (as 1 and 0). */
const statePoint = (device: Device, timeMs: number, state: Record<string, unknown>) => ({
  measurement: reportedStateMeasurement,
  ...device,
  timeMs,
  fields: toStateFields(state),
});

const minute = 60_000;
/**
 * Opening a store may take long on a busy machine: PGlite starts PostgreSQL in WebAssembly and then runs
 * state-workers' migrations (over 30 s when a whole suite runs beside other sessions' tests).
 */
const openTimeoutMs = 120_000;
/** A minute boundary in the past, so bucket starts are easy to read. */
const baseTime = Date.UTC(2026, 10, 1, 8, 0, 0);

/**
 * The behaviour every DeviceHistoryReader must have, InfluxDB's (the distributed mode) and the SQL time
 * series' (the embedded mode), on data laid out as state-workers writes it. Each scenario uses devices of
 * its own.
 */
export function describeDeviceHistoryContract(
  title: string,
  openSubject: () => Promise<DeviceHistorySubject>,
): void {
  describe(title, () => {
    let subject: DeviceHistorySubject;
    beforeAll(async () => {
      subject = await openSubject();
    }, openTimeoutMs);
    afterAll(async () => {
      // Unset when opening failed: that failure is the one to report.
      await (subject as DeviceHistorySubject | undefined)?.close();
    });

    const newDevice = () => ({ vendorId: 'acme', deviceId: `thermo-${randomUUID()}` });
    const query = (device: Device, overrides: Partial<HistoryQuery> = {}): HistoryQuery => ({
      measurement: telemetryMeasurement,
      ...device,
      metrics: undefined,
      fromMs: baseTime,
      toMs: baseTime + 10 * minute,
      intervalMs: 5 * minute,
      aggregate: 'mean',
      resolution: 'raw',
      ...overrides,
    });
    /** Temperatures 20, 21, 22 in the first five minutes, 30 in the second, humidity once. */
    const storeTenMinutes = async (device: Device) => {
      await subject.store([
        telemetryPoint(device, baseTime, { temperature: 20, humidity: 40, mode: 'heat', on: true }),
        telemetryPoint(device, baseTime + minute, { temperature: 21 }),
        telemetryPoint(device, baseTime + 2 * minute, { temperature: 22 }),
        telemetryPoint(device, baseTime + 6 * minute, { temperature: 30 }),
      ]);
    };
    /** Setpoints 20, 21 and heating on, off in the first five minutes, 19 and on in the second; a mode. */
    const storeTenMinutesOfState = async (device: Device) => {
      await subject.store([
        statePoint(device, baseTime, { setpoint: 20, heating: true, mode: 'heat' }),
        statePoint(device, baseTime + minute, { setpoint: 21, heating: false }),
        statePoint(device, baseTime + 6 * minute, { setpoint: 19, heating: true, mode: 'eco' }),
      ]);
    };

    it.each([
      ['mean', [21, 30], [40]],
      ['min', [20, 30], [40]],
      ['max', [22, 30], [40]],
      ['last', [22, 30], [40]],
      ['count', [3, 1], [1]],
    ] as const)(
      'the %s of each bucket comes back per numeric metric, sorted by metric, buckets starting at from',
      async (aggregate, temperatures, humidities) => {
        const device = newDevice();
        await storeTenMinutes(device);

        const series = await subject.reader.read(query(device, { aggregate }));

        expect(series).toEqual([
          { metric: 'humidity', points: [{ timeMs: baseTime, value: humidities[0] }] },
          {
            metric: 'temperature',
            points: [
              { timeMs: baseTime, value: temperatures[0] },
              { timeMs: baseTime + 5 * minute, value: temperatures[1] },
            ],
          },
        ]);
      },
    );

    it('points before notBeforeMs are left out, and the buckets still start at from', async () => {
      const device = newDevice();
      await storeTenMinutes(device);

      const series = await subject.reader.read(query(device, { notBeforeMs: baseTime + minute }));

      expect(series).toEqual([
        {
          metric: 'temperature',
          points: [
            { timeMs: baseTime, value: 21.5 },
            { timeMs: baseTime + 5 * minute, value: 30 },
          ],
        },
      ]);
    });

    it('only the metrics asked for come back; a metric the device never sent gives no series', async () => {
      const device = newDevice();
      await storeTenMinutes(device);

      const series = await subject.reader.read(query(device, { metrics: ['temperature', 'pressure'] }));

      expect(series.map((one) => one.metric)).toEqual(['temperature']);
    });

    it('from is included, to excluded, and buckets without points are left out', async () => {
      const device = newDevice();
      await storeTenMinutes(device);

      const series = await subject.reader.read(
        query(device, { fromMs: baseTime + minute, toMs: baseTime + 6 * minute, intervalMs: minute }),
      );

      expect(series).toEqual([
        {
          metric: 'temperature',
          points: [
            { timeMs: baseTime + minute, value: 21 },
            { timeMs: baseTime + 2 * minute, value: 22 },
          ],
        },
      ]);
    });

    it('when from is not on a whole interval, the buckets still start at from', async () => {
      const device = newDevice();
      await storeTenMinutes(device);
      const fromMs = baseTime + 30_000;

      const series = await subject.reader.read(
        query(device, {
          fromMs,
          toMs: fromMs + 10 * minute,
          intervalMs: 3 * minute,
          metrics: ['temperature'],
        }),
      );

      expect(series).toEqual([
        {
          metric: 'temperature',
          points: [
            { timeMs: fromMs, value: 21.5 },
            { timeMs: fromMs + 3 * minute, value: 30 },
          ],
        },
      ]);
    });

    it.each([
      ['mean', [0.5, 1], [20.5, 19]],
      ['last', [0, 1], [21, 19]],
      ['count', [2, 1], [2, 1]],
    ] as const)(
      'reported state is read from its own series: the %s of its numbers and booleans (1 and 0), strings left out',
      async (aggregate, heating, setpoints) => {
        const device = newDevice();
        await storeTenMinutesOfState(device);
        const bucketsOf = (values: readonly number[]) =>
          values.map((value, index) => ({ timeMs: baseTime + index * 5 * minute, value }));

        const series = await subject.reader.read(
          query(device, { measurement: reportedStateMeasurement, aggregate }),
        );

        expect(series).toEqual([
          { metric: 'heating', points: bucketsOf(heating) },
          { metric: 'setpoint', points: bucketsOf(setpoints) },
        ]);
      },
    );

    it("a device's telemetry and reported state never mix, whichever is read", async () => {
      const device = newDevice();
      await storeTenMinutes(device);
      await storeTenMinutesOfState(device);

      const telemetry = await subject.reader.read(query(device));
      const state = await subject.reader.read(
        query(device, { measurement: reportedStateMeasurement, metrics: ['setpoint', 'temperature'] }),
      );

      expect(telemetry.map((one) => one.metric)).toEqual(['humidity', 'temperature']);
      expect(state.map((one) => one.metric)).toEqual(['setpoint']);
    });

    /** 5-minute rollups as state-workers computes them: temperatures 20, 21, 22, then 30; humidity once. */
    const storeRollups = async (device: Device) => {
      const bucket = (timeMs: number, metric: string, values: readonly number[]) => ({
        measurement: toRollupMeasurement(telemetryMeasurement, '5m'),
        ...device,
        timeMs,
        fields: {
          [toRollupFieldName('mean', metric)]: values.reduce((a, b) => a + b) / values.length,
          [toRollupFieldName('min', metric)]: Math.min(...values),
          [toRollupFieldName('max', metric)]: Math.max(...values),
          [toRollupFieldName('count', metric)]: values.length,
          [toRollupFieldName('sum', metric)]: values.reduce((a, b) => a + b),
        },
      });
      await subject.store([
        bucket(baseTime, 'temperature', [20, 21, 22]),
        bucket(baseTime + 5 * minute, 'temperature', [30]),
        bucket(baseTime + 10 * minute, 'humidity', [40]),
      ]);
    };

    it.each([
      ['mean', 23.25],
      ['min', 20],
      ['max', 30],
      ['count', 4],
    ] as const)(
      'read from a rollup, the %s of a bucket comes from its rollup buckets, means weighted by their counts',
      async (aggregate, temperature) => {
        const device = newDevice();
        await storeRollups(device);

        const series = await subject.reader.read(
          query(device, { aggregate, resolution: '5m', intervalMs: 10 * minute, metrics: ['temperature'] }),
        );

        expect(series).toEqual([
          { metric: 'temperature', points: [{ timeMs: baseTime, value: temperature }] },
        ]);
      },
    );

    it('read from a rollup, every metric comes back unless some are asked, rollup buckets before notBeforeMs left out', async () => {
      const device = newDevice();
      await storeRollups(device);

      const series = await subject.reader.read(
        query(device, {
          aggregate: 'max',
          resolution: '5m',
          toMs: baseTime + 15 * minute,
          notBeforeMs: baseTime + minute,
        }),
      );

      expect(series).toEqual([
        { metric: 'humidity', points: [{ timeMs: baseTime + 10 * minute, value: 40 }] },
        { metric: 'temperature', points: [{ timeMs: baseTime + 5 * minute, value: 30 }] },
      ]);
    });

    it("another device's points, and those of a device of the same id at another vendor, never come back", async () => {
      const device = newDevice();
      await storeTenMinutes(newDevice());
      await storeTenMinutes({ vendorId: 'globex', deviceId: device.deviceId });

      expect(await subject.reader.read(query(device))).toEqual([]);
    });
  });
}
