import { compileValidator } from '../validation';
import { AcknowledgeAlertRequest, AlertListQuery, AlertResponse } from './alerts-api-alerts';

describe('alert history contracts', () => {
  it('a firing, acknowledged and snoozed alert reads back in the response shape', () => {
    const alert = {
      id: '3d9b2f4e-7a1c-4e8b-b5d0-2c6f9a1e7b35',
      ruleId: 'a4e7c1d2-5b3f-4a9e-8c6d-0f1b2e3d4c5a',
      ruleName: 'Frost in the cellar',
      owner: { kind: 'home', homeId: '6f1c2a9e-4b7d-4e21-9c3a-8d5e0f7b1a24' },
      vendorId: 'acme',
      deviceId: 'thermostat-0042',
      homeId: '6f1c2a9e-4b7d-4e21-9c3a-8d5e0f7b1a24',
      severity: 'critical',
      status: 'firing',
      message: 'thermostat-0042: temperature is 4 °C (below 5 °C)',
      value: 4,
      pendingSince: '2025-11-21T10:00:00.000Z',
      firedAt: '2025-11-21T10:05:00.000Z',
      resolvedAt: null,
      acknowledgedAt: '2025-11-21T10:06:00.000Z',
      acknowledgedBy: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
      snoozedUntil: '2025-11-21T11:06:00.000Z',
      flapping: false,
    };
    expect(compileValidator(AlertResponse).explain(alert)).toEqual([]);
  });

  it('a snooze shorter than a minute or longer than a week is refused, naming the field', () => {
    const validate = compileValidator(AcknowledgeAlertRequest);
    const userId = '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11';
    expect(validate.explain({ userId, snoozeSeconds: 3600 })).toEqual([]);
    expect(validate.explain({ userId, snoozeSeconds: 5 }).join()).toMatch(/snoozeSeconds/);
    expect(validate.explain({ userId, snoozeSeconds: 700_000 }).join()).toMatch(/snoozeSeconds/);
  });

  it('an unknown status filter is refused', () => {
    expect(compileValidator(AlertListQuery).explain({ status: 'closed' }).join()).toMatch(/status/);
  });
});
