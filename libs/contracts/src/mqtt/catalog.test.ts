import { compileValidator } from '../validation';
import { deviceTopicCatalog } from './catalog';
import { ReportedStatePayload, TelemetryPayload } from './payloads';

describe('device payload schemas', () => {
  it.each(Object.entries(deviceTopicCatalog))(
    'the %s example validates against its schema',
    (_kind, entry) => {
      expect(compileValidator(entry.schema).explain(entry.example)).toEqual([]);
    },
  );

  it('when reported state has a wrong type and an unknown field, every reason is listed', () => {
    const reasons = compileValidator(ReportedStatePayload).explain({ seq: -1, state: {}, extra: true });
    expect(reasons.join('\n')).toMatch(/\/seq/);
    expect(reasons.join('\n')).toMatch(/extra|additional/i);
  });

  it('when telemetry has no metrics or a nested object, it is refused', () => {
    const validator = compileValidator(TelemetryPayload);
    expect(validator.isValid({ metrics: {} })).toBe(false);
    expect(validator.isValid({ metrics: { temperature: { celsius: 20 } } })).toBe(false);
    expect(validator.isValid({ metrics: { temperature: 20.5 } })).toBe(true);
  });
});
