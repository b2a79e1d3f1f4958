import {
  createInfluxReader,
  quoteInfluxIdentifier,
  quoteInfluxString,
  type InfluxReader,
} from '@homeport/storage';
import { createTestInfluxDatabase, findFreePort } from '@homeport/testing';
import { createInfluxTimeSeriesRollups } from '../src/adapters/influx-time-series-rollups';
import { createInfluxTimeSeriesSink } from '../src/adapters/influx-time-series-sink';
import type { TimeSeriesPoint } from '../src/domain/ports';
import { baseTime } from './fixtures';
import {
  describeTimeSeriesRollupsContract,
  type TimeSeriesRollupsSubject,
} from './time-series-rollups.contract';
import { describeTimeSeriesSinkContract, type TimeRange } from './time-series-sink.contract';

/**
 * Reads points back with InfluxQL: GROUP BY * puts each series' tags apart from its fields (a tag the
 * series lacks comes back empty, a field a point lacks as null; both are left out).
 */
async function readInfluxPoints(
  reader: InfluxReader,
  measurement: string,
  tags: Readonly<Record<string, string>>,
  range?: TimeRange,
): Promise<TimeSeriesPoint[]> {
  const conditions = Object.entries(tags).map(
    ([name, value]) => `${quoteInfluxIdentifier(name)} = ${quoteInfluxString(value)}`,
  );
  if (range !== undefined) conditions.push(`time >= ${range.fromMs}ms`, `time < ${range.toMs}ms`);
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  const records = await reader.query(
    `SELECT * FROM ${quoteInfluxIdentifier(measurement)}${where} GROUP BY *`,
  );
  return records.map((record) => {
    const { time, ...values } = record.values;
    return {
      measurement: record.measurement,
      tags: Object.fromEntries(Object.entries(record.tags).filter(([, value]) => value !== '')),
      fields: Object.fromEntries(
        Object.entries(values).filter(
          (entry): entry is [string, number | boolean | string] => entry[1] !== null,
        ),
      ),
      timeMs: Number(time),
    };
  });
}

/** The InfluxDB store on a test database of its own, dropped on close. */
async function openInfluxSubject(prefix: string): Promise<TimeSeriesRollupsSubject> {
  const influx = await createTestInfluxDatabase(prefix);
  const options = { url: influx.url, database: influx.database };
  const reader = createInfluxReader(options);
  return {
    sink: createInfluxTimeSeriesSink(options),
    rollups: createInfluxTimeSeriesRollups(options),
    readPoints: (measurement, tags, range) => readInfluxPoints(reader, measurement, tags, range),
    close: () => influx.drop(),
  };
}

describeTimeSeriesSinkContract('the InfluxDB time-series sink', () => openInfluxSubject('sw_series'));

describeTimeSeriesRollupsContract('the InfluxDB time-series rollups', () => openInfluxSubject('sw_rollups'));

describe('the InfluxDB time-series sink, beyond the contract', () => {
  it('when InfluxDB cannot be reached, a write fails as unavailable', async () => {
    const sink = createInfluxTimeSeriesSink({
      url: `http://127.0.0.1:${await findFreePort()}`,
      database: 'x',
    });

    await expect(
      sink([{ measurement: 'm', tags: {}, fields: { a: 1 }, timeMs: baseTime }]),
    ).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
