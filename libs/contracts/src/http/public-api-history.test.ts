import { compileValidator } from '../validation';
import { DeviceHistoryQuery, DeviceHistoryResponse } from './public-api-history';

describe("public-api's device history contracts", () => {
  it.each([
    ['DeviceHistoryQuery', DeviceHistoryQuery],
    ['DeviceHistoryResponse', DeviceHistoryResponse],
  ] as const)('the examples of %s validate against it', (_name, schema) => {
    const validator = compileValidator(schema);
    const { examples } = schema as { examples?: unknown[] };
    expect(examples).not.toHaveLength(0);
    for (const example of examples ?? []) expect(validator.explain(example)).toEqual([]);
  });

  it('a metric list names at most 20 metrics, each a valid metric name', () => {
    const validator = compileValidator(DeviceHistoryQuery);
    const names = (count: number) => Array.from({ length: count }, (_, index) => `m${index}`).join(',');
    expect(validator.isValid({ metrics: names(20) })).toBe(true);
    expect(validator.isValid({ metrics: names(21) })).toBe(false);
    expect(validator.isValid({ metrics: 'temperature,' })).toBe(false);
    expect(validator.isValid({ metrics: 'temp#str' })).toBe(false);
  });

  it('the source is telemetry or state', () => {
    const validator = compileValidator(DeviceHistoryQuery);
    expect(validator.isValid({ source: 'state' })).toBe(true);
    expect(validator.isValid({ source: 'events' })).toBe(false);
  });
});
