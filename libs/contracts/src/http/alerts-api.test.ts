import { compileValidator } from '../validation';
import {
  AlertRuleResponse,
  CreateAlertRuleRequest,
  UpdateAlertRuleRequest,
  alertRuleExample,
} from './alerts-api';

describe('alert rule contracts', () => {
  const validateCreate = compileValidator(CreateAlertRuleRequest);

  it('the frost rule example validates as a creation request', () => {
    expect(validateCreate.explain(alertRuleExample)).toEqual([]);
  });

  it('a vendor default on every device of a product, offline for ten minutes, validates', () => {
    const rule = {
      owner: { kind: 'vendor', vendorId: 'acme' },
      target: { kind: 'product', vendorId: 'acme', productId: 'thermo-2' },
      name: 'Thermostat unreachable',
      condition: { kind: 'offline', afterSeconds: 600 },
      severity: 'warning',
      message: '{device} has been offline for ten minutes',
    };
    expect(validateCreate.explain(rule)).toEqual([]);
  });

  it('an unknown comparison is refused, naming the field', () => {
    const rule = {
      ...alertRuleExample,
      condition: { ...alertRuleExample.condition, operator: '<<' },
    };
    expect(validateCreate.explain(rule).join()).toMatch(/condition/);
  });

  it('an update changes at least one field, and a stored rule reads back in the response shape', () => {
    expect(compileValidator(UpdateAlertRuleRequest).explain({})).not.toEqual([]);
    const stored = {
      ...alertRuleExample,
      id: 'a4e7c1d2-5b3f-4a9e-8c6d-0f1b2e3d4c5a',
      clear: alertRuleExample.clear ?? null,
      forSeconds: 300,
      enabled: true,
      createdAt: '2025-11-21T10:00:00.000Z',
      updatedAt: '2025-11-21T10:00:00.000Z',
    };
    expect(compileValidator(AlertRuleResponse).explain(stored)).toEqual([]);
  });
});
