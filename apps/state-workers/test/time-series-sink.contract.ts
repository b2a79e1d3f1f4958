import type { TimeSeriesSink } from '../src/adapters/batching-time-series-writer';
import type { TimeSeriesPoint } from '../src/domain/ports';
import { buildTelemetryPoint } from '../src/domain/time-series-layout';
import { baseTime, telemetry } from './fixtures';

/** A time range to read: from `fromMs` (included) to `toMs` (excluded), epoch ms. */
export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
}

/** A time-series sink under test, with a reader of what its store holds. */
export interface TimeSeriesSinkSubject {
  readonly sink: TimeSeriesSink;
  /** The points of a measurement whose tags include `tags`, in any order; fields absent from a point left out. */
  readPoints(
    measurement: string,
    tags: Readonly<Record<string, string>>,
    range?: TimeRange,
  ): Promise<TimeSeriesPoint[]>;
  close(): Promise<void>;
}

/** A point of device `deviceId` (vendor acme) `offsetMs` after the fixtures' base time. */
function point(
  measurement: string,
  deviceId: string,
  offsetMs: number,
  fields: TimeSeriesPoint['fields'],
  moreTags: Record<string, string> = {},
): TimeSeriesPoint {
  return {
    measurement,
    tags: { vendor_id: 'acme', device_id: deviceId, ...moreTags },
    fields,
    timeMs: baseTime + offsetMs,
  };
}

function seriesOrder(point: TimeSeriesPoint): string {
  return JSON.stringify(Object.entries(point.tags).sort(([a], [b]) => a.localeCompare(b)));
}

/** Sorted by time, then series, so stores returning series in different orders compare equal. */
function sortPoints(points: readonly TimeSeriesPoint[]): TimeSeriesPoint[] {
  return [...points].sort((a, b) => a.timeMs - b.timeMs || seriesOrder(a).localeCompare(seriesOrder(b)));
}

/**
 * Opening a store may take long on a busy machine: PGlite starts PostgreSQL in WebAssembly, then the
 * migrations run (over 30 s beside other sessions' suites at a load average of 24; public-api's history
 * contract suite allows two minutes for the same reason).
 */
const openTimeoutMs = 120_000;

/**
 * The behaviour every TimeSeriesSink must have, InfluxDB's (the distributed mode) and the SQL one (the
 * embedded mode): what callers write comes back the same, and a point written again merges as InfluxDB
 * merges it. Each scenario writes a measurement of its own, so field types never meet across scenarios.
 */
export function describeTimeSeriesSinkContract(
  title: string,
  openSubject: () => Promise<TimeSeriesSinkSubject>,
): void {
  describe(title, () => {
    let subject: TimeSeriesSinkSubject;
    const read = async (measurement: string, tags: Record<string, string>, range?: TimeRange) =>
      sortPoints(await subject.readPoints(measurement, tags, range));

    beforeAll(async () => {
      subject = await openSubject();
    }, openTimeoutMs);

    afterAll(async () => {
      await subject.close();
    });

    it("a batch's points are all readable with their tags, number, boolean and string fields and ms times", async () => {
      const text = 'say "hi", a=b \\ c\nnext line, 21 °C 🌡';
      const batch = [
        point('sc_all', 'thermo-1', 0, { temperature: 20.5, battery: 87, offset: -3.25, zero: 0 }),
        point('sc_all', 'thermo-1', 1, { heating: true, door: false, mode: 'heat', note: text, empty: '' }),
        point('sc_all', 'thermo-1', 2, { temperature: 1e-7 }, { room: 'living room, east' }),
      ];

      await subject.sink(batch);

      expect(await read('sc_all', { device_id: 'thermo-1' })).toEqual(batch);
    });

    it('a point with the same measurement, tags and time replaces the fields it carries and keeps the others', async () => {
      await subject.sink([point('sc_merge', 'thermo-1', 0, { temperature: 20, mode: 'heat' })]);
      const sameSeriesOtherTagOrder = { device_id: 'thermo-1', vendor_id: 'acme' };

      await subject.sink([
        { ...point('sc_merge', 'x', 0, { temperature: 21, humidity: 40 }), tags: sameSeriesOtherTagOrder },
      ]);

      expect(await read('sc_merge', {})).toEqual([
        point('sc_merge', 'thermo-1', 0, { temperature: 21, mode: 'heat', humidity: 40 }),
      ]);
    });

    it('points of the same series and time in one batch merge in their order, the later value winning', async () => {
      await subject.sink([
        point('sc_batch_merge', 'thermo-1', 0, { a: 1, b: 1 }),
        point('sc_batch_merge', 'thermo-1', 0, { a: 2 }),
        point('sc_batch_merge', 'thermo-1', 0, { c: true }),
      ]);

      expect(await read('sc_batch_merge', {})).toEqual([
        point('sc_batch_merge', 'thermo-1', 0, { a: 2, b: 1, c: true }),
      ]);
    });

    it("points of one series and time in one batch merge whatever their tags' order", async () => {
      await subject.sink([
        point('sc_batch_tag_order', 'thermo-1', 0, { a: 1 }),
        {
          ...point('sc_batch_tag_order', 'x', 0, { b: 2 }),
          tags: { device_id: 'thermo-1', vendor_id: 'acme' },
        },
      ]);

      expect(await read('sc_batch_tag_order', {})).toEqual([
        point('sc_batch_tag_order', 'thermo-1', 0, { a: 1, b: 2 }),
      ]);
    });

    it('points whose tags differ are separate series, even at the same time', async () => {
      const batch = [
        point('sc_series', 'thermo-1', 0, { value: 1 }),
        point('sc_series', 'thermo-2', 0, { value: 2 }),
        point('sc_series', 'thermo-1', 0, { value: 3 }, { event: 'button' }),
      ];

      await subject.sink(batch);

      expect(await read('sc_series', { vendor_id: 'acme' })).toEqual(sortPoints(batch));
      expect(await read('sc_series', { device_id: 'thermo-1', event: 'button' })).toEqual([batch[2]]);
    });

    it('a tag with an empty value counts as absent', async () => {
      await subject.sink([point('sc_empty_tag', 'thermo-1', 0, { a: 1 }, { severity: '' })]);
      await subject.sink([point('sc_empty_tag', 'thermo-1', 0, { b: 2 })]);

      expect(await read('sc_empty_tag', {})).toEqual([point('sc_empty_tag', 'thermo-1', 0, { a: 1, b: 2 })]);
    });

    it('a redelivered batch stores each of its points once', async () => {
      const batch = [
        point('sc_redelivery', 'thermo-1', 0, { a: 1 }),
        point('sc_redelivery', 'thermo-1', 5, { a: 2 }),
      ];

      await subject.sink(batch);
      await subject.sink(batch);

      expect(await read('sc_redelivery', {})).toEqual(batch);
    });

    it("one device sending a string and another a boolean where others send numbers for a metric: every point of the batch is written, apart by type, and a device's numeric metric reads by its name", async () => {
      const messages = [
        telemetry('thermo-1', 1, { temperature: 20.5 }),
        telemetry('odd-1', 1, { temperature: 'x' }),
        telemetry('odd-2', 1, { temperature: true }),
        telemetry('thermo-2', 1, { temperature: 87 }),
      ];
      const batch = messages.map(buildTelemetryPoint);

      await subject.sink(batch);

      const fieldsOf = async (deviceId: string) =>
        (await read('device_telemetry', { device_id: deviceId })).map((stored) => stored.fields);
      expect(await fieldsOf('thermo-1')).toEqual([{ temperature: 20.5 }]);
      expect(await fieldsOf('thermo-2')).toEqual([{ temperature: 87 }]);
      expect(await fieldsOf('odd-1')).toEqual([{ 'temperature#str': 'x' }]);
      expect(await fieldsOf('odd-2')).toEqual([{ 'temperature#bool': true }]);
    });

    it('an empty batch writes nothing', async () => {
      await expect(subject.sink([])).resolves.toBeUndefined();
    });

    it('a batch with a point without fields is refused as invalid and none of its points is written', async () => {
      const batch = [
        point('sc_no_fields', 'thermo-1', 0, { a: 1 }),
        point('sc_no_fields', 'thermo-2', 0, {}),
      ];

      await expect(subject.sink(batch)).rejects.toMatchObject({ kind: 'invalid' });

      expect(await read('sc_no_fields', {})).toEqual([]);
    });

    it('5,000 points are written in one call, and a time range reads the points from its start up to its end', async () => {
      const batch = Array.from({ length: 5000 }, (_, index) =>
        point('sc_large', `thermo-${index % 5}`, index, { value: index, even: index % 2 === 0 }),
      );

      await subject.sink(batch);

      expect(await read('sc_large', {})).toHaveLength(5000);
      const range = { fromMs: baseTime + 1000, toMs: baseTime + 2000 };
      expect(await read('sc_large', { device_id: 'thermo-3' }, range)).toEqual(
        batch.filter(
          (p) => p.tags.device_id === 'thermo-3' && p.timeMs >= range.fromMs && p.timeMs < range.toMs,
        ),
      );
    });
  });
}
