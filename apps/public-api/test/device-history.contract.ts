import { randomUUID } from 'node:crypto';
import type { DeviceHistoryReader, HistoryQuery } from '../src/domain/device-history';

/** A device's telemetry message as state-workers stores it: metrics at a time. */
export interface StoredTelemetry {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly timeMs: number;
  readonly metrics: Readonly<Record<string, number | boolean | string>>;
}

/** A history reader under test, with a way to store telemetry where it reads, laid out as state-workers does. */
export interface DeviceHistorySubject {
  readonly reader: DeviceHistoryReader;
  store(telemetry: readonly StoredTelemetry[]): Promise<void>;
  close(): Promise<void>;
}

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
    const query = (
      device: { vendorId: string; deviceId: string },
      overrides: Partial<HistoryQuery> = {},
    ): HistoryQuery => ({
      measurement: 'device_telemetry',
      ...device,
      metrics: undefined,
      fromMs: baseTime,
      toMs: baseTime + 10 * minute,
      intervalMs: 5 * minute,
      aggregate: 'mean',
      ...overrides,
    });
    /** Temperatures 20, 21, 22 in the first five minutes, 30 in the second, humidity once. */
    const storeTenMinutes = async (device: { vendorId: string; deviceId: string }) => {
      await subject.store([
        { ...device, timeMs: baseTime, metrics: { temperature: 20, humidity: 40, mode: 'heat', on: true } },
        { ...device, timeMs: baseTime + minute, metrics: { temperature: 21 } },
        { ...device, timeMs: baseTime + 2 * minute, metrics: { temperature: 22 } },
        { ...device, timeMs: baseTime + 6 * minute, metrics: { temperature: 30 } },
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

    it("another device's points, and those of a device of the same id at another vendor, never come back", async () => {
      const device = newDevice();
      await storeTenMinutes(newDevice());
      await storeTenMinutes({ vendorId: 'globex', deviceId: device.deviceId });

      expect(await subject.reader.read(query(device))).toEqual([]);
    });
  });
}
