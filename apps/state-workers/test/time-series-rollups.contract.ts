import {
  reportedStateMeasurement,
  telemetryMeasurement,
  toFieldName,
  toRollupMeasurement,
} from '@homeport/contracts';
import type { ChunkPacing } from '../src/adapters/paced-chunks';
import type { TimeSeriesPoint, TimeSeriesRollups } from '../src/domain/ports';
import { applyRetention, rollUpRange, type RetentionRules } from '../src/domain/time-series-retention';
import { baseTime } from './fixtures';
import type { TimeSeriesSinkSubject } from './time-series-sink.contract';

/** The subjects' pacing: one or two devices a statement, so the contract's few devices take several. */
export const fewDevicesAStatement: ChunkPacing = { firstSize: 1, maxSize: 2, targetMs: 50, pauseRatio: 0 };

/** A time-series store under test: its sink and reader, and its rollups and retention. */
export interface TimeSeriesRollupsSubject extends TimeSeriesSinkSubject {
  readonly rollups: TimeSeriesRollups;
}

const minute = 60_000;
const day = 86_400_000;
/** Opening PGlite and migrating may take long on a busy machine (see time-series-sink.contract.ts). */
const openTimeoutMs = 120_000;
/** The retention scenario lives years before the others, so its deletions never reach their points. */
const retentionBase = Date.UTC(2001, 0, 1);

const tagsOf = (vendorId: string, deviceId: string) => ({ vendor_id: vendorId, device_id: deviceId });

function telemetryAt(tags: Record<string, string>, timeMs: number, fields: TimeSeriesPoint['fields']) {
  return { measurement: telemetryMeasurement, tags, fields, timeMs };
}

const byTime = (points: readonly TimeSeriesPoint[]) => [...points].sort((a, b) => a.timeMs - b.timeMs);

/**
 * The behaviour every TimeSeriesRollups must have, InfluxDB's and the SQL store's: rollups of the raw
 * points as contracts' layout says, and retention per tier and vendor.
 */
export function describeTimeSeriesRollupsContract(
  title: string,
  openSubject: () => Promise<TimeSeriesRollupsSubject>,
): void {
  describe(title, () => {
    let subject: TimeSeriesRollupsSubject;
    const readRollup = async (measurement: string, width: '5m' | '1h', tags: Record<string, string>) =>
      byTime(await subject.readPoints(toRollupMeasurement(measurement, width), tags));
    const statisticsOf = (points: readonly TimeSeriesPoint[]) =>
      points.map(({ timeMs, fields }) => ({ timeMs, fields }));

    beforeAll(async () => {
      subject = await openSubject();
    }, openTimeoutMs);
    afterAll(async () => {
      // Unset when opening failed: that failure is the one to report.
      await (subject as TimeSeriesRollupsSubject | undefined)?.close();
    });

    it('a rolled-up hour has per numeric field the mean, min, max, count and sum of each 5 minutes and of the hour, tags kept, strings and booleans left out', async () => {
      const tags = tagsOf('acme', 'thermo-rollup');
      await subject.sink([
        telemetryAt(tags, baseTime, {
          temperature: 20,
          [toFieldName('mode', 'heat')]: 'heat',
          [toFieldName('on', true)]: true,
        }),
        telemetryAt(tags, baseTime + minute, { temperature: 22, humidity: 40 }),
        telemetryAt(tags, baseTime + 6 * minute, { temperature: 30 }),
        { measurement: reportedStateMeasurement, tags, fields: { setpoint: 19 }, timeMs: baseTime },
      ]);

      await subject.rollups.rollUp({ fromMs: baseTime, toMs: baseTime + 60 * minute });

      const fiveMinutes = await readRollup(telemetryMeasurement, '5m', tags);
      expect(fiveMinutes.map((point) => point.tags)).toEqual([tags, tags]);
      expect(statisticsOf(fiveMinutes)).toEqual([
        {
          timeMs: baseTime,
          fields: {
            mean_temperature: 21,
            min_temperature: 20,
            max_temperature: 22,
            count_temperature: 2,
            sum_temperature: 42,
            mean_humidity: 40,
            min_humidity: 40,
            max_humidity: 40,
            count_humidity: 1,
            sum_humidity: 40,
          },
        },
        {
          timeMs: baseTime + 5 * minute,
          fields: {
            mean_temperature: 30,
            min_temperature: 30,
            max_temperature: 30,
            count_temperature: 1,
            sum_temperature: 30,
          },
        },
      ]);
      expect(statisticsOf(await readRollup(telemetryMeasurement, '1h', tags))).toEqual([
        {
          timeMs: baseTime,
          fields: expect.objectContaining({
            mean_temperature: 24,
            min_temperature: 20,
            max_temperature: 30,
            count_temperature: 3,
          }) as unknown,
        },
      ]);
      expect(statisticsOf(await readRollup(reportedStateMeasurement, '1h', tags))).toEqual([
        {
          timeMs: baseTime,
          fields: {
            mean_setpoint: 19,
            min_setpoint: 19,
            max_setpoint: 19,
            count_setpoint: 1,
            sum_setpoint: 19,
          },
        },
      ]);
    });

    it('when a bucket holds more devices than a statement takes, each device is rolled up once, in the 5-minute and the hourly rollups', async () => {
      const devices = Array.from({ length: 7 }, (_, index) => tagsOf('acme', `thermo-chunk-${index}`));
      await subject.sink(
        devices.flatMap((tags, index) => [
          telemetryAt(tags, baseTime, { temperature: index }),
          telemetryAt(tags, baseTime + minute, { temperature: index + 2 }),
        ]),
      );

      await subject.rollups.rollUp({ fromMs: baseTime, toMs: baseTime + 60 * minute });

      for (const [index, tags] of devices.entries()) {
        for (const width of ['5m', '1h'] as const) {
          const rollup = await readRollup(telemetryMeasurement, width, tags);
          expect(rollup.map((point) => point.fields)).toEqual([
            expect.objectContaining({ count_temperature: 2, mean_temperature: index + 1 }),
          ]);
        }
      }
    });

    it('rolling up again after late points arrive recomputes every bucket the range touches, whole', async () => {
      const tags = tagsOf('acme', 'thermo-late');
      const hour = baseTime + 2 * 60 * minute;
      await subject.sink([telemetryAt(tags, hour, { temperature: 10 })]);
      await subject.rollups.rollUp({ fromMs: hour, toMs: hour + 5 * minute });
      await subject.sink([telemetryAt(tags, hour + 3 * minute, { temperature: 20 })]);

      await subject.rollups.rollUp({ fromMs: hour + 3 * minute, toMs: hour + 4 * minute });

      const [fiveMinutes] = await readRollup(telemetryMeasurement, '5m', tags);
      const [hourly] = await readRollup(telemetryMeasurement, '1h', tags);
      expect(fiveMinutes?.fields).toMatchObject({ mean_temperature: 15, count_temperature: 2 });
      expect(hourly?.fields).toMatchObject({ mean_temperature: 15, count_temperature: 2 });
    });

    it('rolling up the range of one width leaves the buckets of the other width as they were', async () => {
      const tags = tagsOf('acme', 'thermo-one-width');
      const hour = baseTime + 4 * 60 * minute;
      await subject.sink([telemetryAt(tags, hour + minute, { temperature: 10 })]);

      await subject.rollups.rollUp({ fromMs: hour, toMs: hour + 5 * minute, widths: ['5m'] });

      expect(statisticsOf(await readRollup(telemetryMeasurement, '5m', tags))).toEqual([
        { timeMs: hour, fields: expect.objectContaining({ count_temperature: 1 }) as unknown },
      ]);
      expect(await readRollup(telemetryMeasurement, '1h', tags)).toEqual([]);
    });

    it('past its retention, raw data is gone and kept in the rollups; a vendor with a rule of its own keeps it longer', async () => {
      const usual = tagsOf('acme', 'thermo-retention');
      const longer = tagsOf('globex', 'thermo-retention');
      const old = retentionBase;
      const recent = retentionBase + 40 * day;
      await subject.sink(
        [usual, longer].flatMap((tags) => [
          telemetryAt(tags, old, { temperature: 18 }),
          telemetryAt(tags, recent, { temperature: 21 }),
        ]),
      );
      await rollUpRange(subject.rollups, { fromMs: old, toMs: recent + minute });
      const rules: RetentionRules = {
        defaults: { rawDays: 30, fiveMinuteDays: 365, hourlyDays: undefined },
        vendors: { globex: { rawDays: 90, fiveMinuteDays: 365, hourlyDays: undefined } },
      };
      const rawTimes = async (tags: Record<string, string>) =>
        byTime(await subject.readPoints(telemetryMeasurement, tags)).map((point) => point.timeMs);
      const rollupTimes = async (width: '5m' | '1h', tags: Record<string, string>) =>
        (await readRollup(telemetryMeasurement, width, tags)).map((point) => point.timeMs);

      await applyRetention(subject.rollups, rules, recent + 10 * day);

      expect(await rawTimes(usual)).toEqual([recent]);
      expect(await rawTimes(longer)).toEqual([old, recent]);
      expect(await rollupTimes('5m', usual)).toEqual([old, recent]);
      expect(await rollupTimes('1h', usual)).toEqual([old, recent]);

      await applyRetention(subject.rollups, rules, old + 400 * day);

      expect(await rawTimes(longer)).toEqual([]);
      expect(await rollupTimes('5m', usual)).toEqual([recent]);
      expect(await rollupTimes('1h', usual)).toEqual([old, recent]);
    });
  });
}
