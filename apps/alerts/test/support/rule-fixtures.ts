import type { AlertCondition } from '@homeport/contracts';

/** The frost condition of the acceptance: a reported temperature below 5 °C. */
export const frostCondition: AlertCondition = {
  kind: 'threshold',
  source: 'state',
  property: 'temperature',
  operator: '<',
  value: 5,
};
