import { Point } from '@homeport/storage';
import type { TimeSeriesPoint } from '../domain/ports';
import { toLineProtocol } from './influx-line-protocol';

/** The line the client's Point writes for the same point (ms precision). */
function clientLine(point: TimeSeriesPoint): string | undefined {
  const influxPoint = new Point(point.measurement).timestamp(point.timeMs);
  for (const [name, value] of Object.entries(point.tags)) influxPoint.tag(name, value);
  for (const [name, value] of Object.entries(point.fields)) {
    if (typeof value === 'number') influxPoint.floatField(name, value);
    else if (typeof value === 'boolean') influxPoint.booleanField(name, value);
    else influxPoint.stringField(name, value);
  }
  return influxPoint.toLineProtocol({ convertTime: (time) => String(time) });
}

describe('line protocol', () => {
  it.each<[string, TimeSeriesPoint]>([
    [
      'telemetry',
      {
        measurement: 'device_telemetry',
        tags: { vendor_id: 'acme', device_id: 'thermo-1' },
        fields: { temperature: 21.5, humidity: 40, 'door#b': true, 'mode#s': 'eco' },
        timeMs: 1_764_000_000_123,
      },
    ],
    [
      'names and values that need escaping',
      {
        measurement: 'm, x\ny',
        tags: { 'b key': 'v,=al ue', a: 'tab\there', empty: '' },
        fields: { 'f=1, x': 'say "hi" \\ bye\nnext', off: false, neg: -0.000001, big: 1e21 },
        timeMs: 1,
      },
    ],
    [
      'an event',
      {
        measurement: 'device_events',
        tags: { vendor_id: 'v', device_id: 'd', event: 'door-opened', severity: 'info' },
        fields: { data: '{"a":[1,2],"b":"c\\"d"}', message_id: 'm-1' },
        timeMs: 1_700_000_000_000,
      },
    ],
  ])('a point (%s) is the line the client writes', (_name, point) => {
    expect(toLineProtocol(point)).toBe(clientLine(point));
  });

  it('a point without a field, or with a number that is not finite, is refused as invalid', () => {
    const point = { measurement: 'm', tags: { a: 'b' }, timeMs: 1 };
    const thrownBy = (build: () => unknown): unknown => {
      try {
        build();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const invalid = { kind: 'invalid', code: 'POINT_INVALID' };
    expect(thrownBy(() => toLineProtocol({ ...point, fields: {} }))).toMatchObject(invalid);
    expect(thrownBy(() => toLineProtocol({ ...point, fields: { x: Number.NaN } }))).toMatchObject(invalid);
  });
});
