import type { ReportedStateUpdate } from '../domain/ports';
import { compareOrderKeys, isSameJson, mergeAboveRow } from './merge-above-row';
import type { MergedRow } from './merged-rows';

const row: MergedRow = {
  revision: 7,
  state: { mode: 'heat', setpoint: 21, schedule: { on: [6, 22] }, fan: 'auto' },
  // `fan` was set by an older report than the row's newest one
  versions: { fan: [5000, 3, -1, 5100] },
  newestKey: [5000, 8, -1, 5800],
  reportedAt: 5800,
};

function report(seq: number, properties: Record<string, unknown>, receivedAt = 6000): ReportedStateUpdate {
  return {
    vendorId: 'acme',
    deviceId: 'thermo-1',
    messageId: `m-${seq}`,
    properties,
    order: [seq, -1, receivedAt],
    seq,
    reportedAt: receivedAt,
    maxProperties: 5,
  };
}

describe('merging a report above its device row', () => {
  it('a newer report replaces its properties, takes the newest key and reports only the values that differ', () => {
    const merged = mergeAboveRow(row, report(9, { setpoint: 22, schedule: { on: [6, 22] }, mode: 'heat' }));

    expect(merged).toEqual({
      row: {
        revision: 8,
        state: { mode: 'heat', setpoint: 22, schedule: { on: [6, 22] }, fan: 'auto' },
        versions: { fan: [5000, 3, -1, 5100] },
        newestKey: [5000, 9, -1, 6000],
        reportedAt: 6000,
      },
      changed: { setpoint: 22 },
    });
  });

  it('a property the report leaves out keeps the key it had, made explicit when it was the newest key', () => {
    const merged = mergeAboveRow(row, report(9, { fan: 'low', extra: 1 }));

    expect(merged?.row.versions).toEqual({
      mode: [5000, 8, -1, 5800],
      setpoint: [5000, 8, -1, 5800],
      schedule: [5000, 8, -1, 5800],
    });
    expect(merged?.changed).toEqual({ fan: 'low', extra: 1 });
  });

  it('a device time older than the row keeps the row reported time', () => {
    expect(mergeAboveRow(row, { ...report(9, { fan: 'low' }), reportedAt: 100 })?.row.reportedAt).toBe(5800);
  });

  it('a property named __proto__ is merged as a property', () => {
    const properties = JSON.parse('{"__proto__": 1}') as Record<string, unknown>;

    const merged = mergeAboveRow(row, report(9, properties));

    expect(Object.hasOwn(merged?.row.state ?? {}, '__proto__')).toBe(true);
    expect(Object.hasOwn(merged?.changed ?? {}, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(merged?.changed)).toBe(Object.prototype);
  });

  it.each([
    ['a late report', report(7, { setpoint: 19 })],
    ['a redelivered report (the same key)', report(8, { setpoint: 21 }, 5800)],
    ['a report received before the row epoch began', report(9, { setpoint: 19 }, 4000)],
    ['a report without properties', report(9, {})],
    ['a report that would leave more properties than the limit', report(9, { a: 1, b: 2 })],
  ])('%s is left to the SQL merge', (_name, update) => {
    expect(mergeAboveRow(row, update)).toBeUndefined();
  });
});

describe('order keys and JSON values', () => {
  it('order keys compare left to right', () => {
    expect(compareOrderKeys([1, 2, 3, 4], [1, 2, 3, 5])).toBe(-1);
    expect(compareOrderKeys([2, -1, -1, 0], [1, 99, 99, 99])).toBe(1);
    expect(compareOrderKeys([1, 2, 3, 4], [1, 2, 3, 4])).toBe(0);
  });

  it('JSON values are equal as jsonb values are', () => {
    expect(isSameJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(isSameJson(0, -0)).toBe(true);
    expect(isSameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(isSameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(isSameJson(null, {})).toBe(false);
    expect(isSameJson('1', 1)).toBe(false);
  });
});
