import { createTcpRelay, createTestInfluxDatabase, type TestInfluxDatabase } from '@homeport/testing';
import {
  createInfluxLineSender,
  createInfluxReader,
  createInfluxWriter,
  Point,
  type InfluxReader,
} from '../src';

const unreachableUrl = 'http://127.0.0.1:1';

function temperature(deviceId: string, celsius: number, time: Date): Point {
  return new Point('temperature')
    .tag('device_id', deviceId)
    .tag('room', 'porch')
    .floatField('celsius', celsius)
    .intField('battery', 90)
    .timestamp(time);
}

function humidity(percent: number, time: number): Point {
  return new Point('humidity')
    .tag('device_id', 'dev-3')
    .floatField('percent', percent)
    .timestamp(new Date(time));
}

describe('InfluxDB', () => {
  let database: TestInfluxDatabase;
  let reader: InfluxReader;
  const start = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    database = await createTestInfluxDatabase('storage_influx');
    reader = createInfluxReader({ url: database.url, database: database.database });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('when points are flushed, an InfluxQL query reads back their tags and fields', async () => {
    const writer = createInfluxWriter({ url: database.url, database: database.database, batchSize: 2 });
    writer.write([
      temperature('dev-1', 21.5, new Date(start)),
      temperature('dev-1', 22, new Date(start + 1000)),
    ]);
    writer.write(temperature('dev-2', 19.25, new Date(start + 2000)));
    expect(writer.pendingLineCount).toBe(3);

    await writer.flush();

    expect(writer.pendingLineCount).toBe(0);
    const records = await reader.query(
      `SELECT celsius, battery, device_id FROM temperature WHERE room = 'porch' GROUP BY room ORDER BY time`,
    );
    expect(records).toEqual([
      {
        measurement: 'temperature',
        tags: { room: 'porch' },
        values: { time: start, celsius: 21.5, battery: 90, device_id: 'dev-1' },
      },
      {
        measurement: 'temperature',
        tags: { room: 'porch' },
        values: { time: start + 1000, celsius: 22, battery: 90, device_id: 'dev-1' },
      },
      {
        measurement: 'temperature',
        tags: { room: 'porch' },
        values: { time: start + 2000, celsius: 19.25, battery: 90, device_id: 'dev-2' },
      },
    ]);
  });

  it('when InfluxDB is away, the flush fails as unavailable and a flush after it returns writes the kept points', async () => {
    const relay = await createTcpRelay({ host: '127.0.0.1', port: Number(new URL(database.url).port) });
    const writer = createInfluxWriter({ url: `http://127.0.0.1:${relay.port}`, database: database.database });
    await relay.pause();
    writer.write([humidity(40, start), humidity(41, start + 1000)]);

    await expect(writer.flush()).rejects.toMatchObject({ kind: 'unavailable', code: 'INFLUX_UNAVAILABLE' });
    expect(writer.pendingLineCount).toBe(2);

    await relay.resume();
    await writer.flush();
    await relay.close();

    expect(writer.pendingLineCount).toBe(0);
    const records = await reader.query('SELECT percent FROM humidity ORDER BY time');
    expect(records.map((record) => record.values)).toEqual([
      { time: start, percent: 40 },
      { time: start + 1000, percent: 41 },
    ]);
  });

  it('when InfluxDB refuses a batch, the flush fails as invalid with its reason and drops that batch', async () => {
    const writer = createInfluxWriter({ url: database.url, database: 'no_such_database' });
    writer.write(humidity(40, start));

    await expect(writer.flush()).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('database not found') as unknown,
    });
    expect(writer.pendingLineCount).toBe(0);
  });

  it('when lines are sent, one request stores them; a refusal fails as invalid with the reason, an unreachable server as unavailable', async () => {
    const send = createInfluxLineSender({ url: database.url, database: database.database });
    await send([
      `pressure,device_id=dev-4 hpa=1013.5 ${start}`,
      `pressure,device_id=dev-4 hpa=1012 ${start + 1000}`,
    ]);
    await send([`pressure,device_id=dev-4 hpa=1011 ${start + 2000}`]); // on the kept-alive socket

    const records = await reader.query('SELECT hpa FROM pressure ORDER BY time');
    expect(records.map((record) => record.values)).toEqual([
      { time: start, hpa: 1013.5 },
      { time: start + 1000, hpa: 1012 },
      { time: start + 2000, hpa: 1011 },
    ]);
    await expect(send([`pressure,device_id=dev-4 hpa="text" ${start + 3000}`])).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('field type conflict') as unknown,
    });
    const away = createInfluxLineSender({ url: unreachableUrl, database: database.database });
    await expect(away([`pressure hpa=1 ${start}`])).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'INFLUX_UNAVAILABLE',
    });
  });

  it('when a point has no field, writing it fails as invalid', () => {
    const writer = createInfluxWriter({ url: database.url, database: database.database });

    let thrown: unknown;
    try {
      writer.write(new Point('humidity').tag('device_id', 'dev-3'));
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toMatchObject({ kind: 'invalid', code: 'POINT_INVALID' });
    expect(writer.pendingLineCount).toBe(0);
  });

  it('when InfluxDB answers, ping resolves; when it cannot be reached, ping and queries fail as unavailable', async () => {
    const unreachable = createInfluxReader({ url: unreachableUrl, database: database.database });

    await expect(reader.ping()).resolves.toBeUndefined();
    await expect(unreachable.ping()).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(unreachable.query('SELECT * FROM humidity')).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('when a query is malformed, it fails as invalid with the server reason', async () => {
    await expect(reader.query('SELECT FROM')).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('error parsing query') as unknown,
    });
  });
});
