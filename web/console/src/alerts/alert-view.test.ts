import {
  describeAlertStatus,
  describeRule,
  describeSeconds,
  isAcknowledgeable,
  type AlertView,
} from './alert-view';

const firing: AlertView = {
  id: '3d9b2f4e-7a1c-4e8b-b5d0-2c6f9a1e7b35',
  ruleId: 'a4e7c1d2-5b3f-4a9e-8c6d-0f1b2e3d4c5a',
  ruleName: 'Frost',
  owner: { kind: 'home', homeId: '8f14e45f-ceea-467f-a0e6-0b8d3c1a2b4c' },
  vendorId: 'acme',
  deviceId: 'th-1',
  homeId: '8f14e45f-ceea-467f-a0e6-0b8d3c1a2b4c',
  severity: 'warning',
  status: 'firing',
  message: 'th-1: temperature is 4',
  value: 4,
  pendingSince: '2026-12-04T08:00:00.000Z',
  firedAt: '2026-12-04T08:00:03.000Z',
  resolvedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  snoozedUntil: null,
  flapping: false,
};

describe('how the console words alerts and rules', () => {
  it('a frost rule with hysteresis and a duration reads as one sentence', () => {
    expect(
      describeRule({
        condition: { kind: 'threshold', source: 'state', property: 'temperature', operator: '<', value: 5 },
        clear: { operator: '>', value: 7 },
        forSeconds: 180,
      }),
    ).toBe('temperature below 5, clears above 7, for 3 min');
  });

  it('an offline rule without a clear condition names its delay', () => {
    expect(
      describeRule({ condition: { kind: 'offline', afterSeconds: 7200 }, clear: null, forSeconds: 0 }),
    ).toBe('offline for 2 h');
    expect(describeSeconds(45)).toBe('45 s');
  });

  it('a range, silence and a device event read in words too', () => {
    const rule = { clear: null, forSeconds: 0 };
    expect(
      describeRule({
        condition: { kind: 'outside-range', source: 'state', property: 'humidity', low: 30, high: 60 },
        clear: { operator: 'inside-range', low: 35, high: 55 },
        forSeconds: 600,
      }),
    ).toBe('humidity outside 30–60, clears inside 35–55, for 10 min');
    expect(describeRule({ ...rule, condition: { kind: 'no-data', afterSeconds: 900 } })).toBe(
      'no data for 15 min',
    );
    expect(
      describeRule({
        ...rule,
        condition: {
          kind: 'device-event',
          name: 'door-forced',
          minSeverity: 'warning',
          clearEvent: 'door-closed',
          resolveAfterSeconds: 1800,
        },
      }),
    ).toBe('event door-forced (warning or worse), resolves on event door-closed or after 30 min');
    expect(
      describeRule({ ...rule, condition: { kind: 'device-event', name: 'leak', resolveAfterSeconds: 3600 } }),
    ).toBe('event leak, resolves after 1 h');
    expect(
      describeRule({
        ...rule,
        condition: { kind: 'threshold', source: 'state', property: 'mode', operator: '!=', value: 'eco' },
      }),
    ).toBe('mode not equal to eco');
  });

  it('a firing alert can be acknowledged once; snoozed, it says so', () => {
    const now = Date.parse('2026-12-04T08:10:00.000Z');
    expect([describeAlertStatus(firing, now), isAcknowledgeable(firing)]).toEqual(['firing', true]);
    const snoozed: AlertView = {
      ...firing,
      acknowledgedAt: '2026-12-04T08:05:00.000Z',
      snoozedUntil: '2026-12-04T09:05:00.000Z',
    };
    expect([describeAlertStatus(snoozed, now), isAcknowledgeable(snoozed)]).toEqual([
      'firing, acknowledged and snoozed',
      false,
    ]);
    expect(describeAlertStatus({ ...firing, status: 'resolved' }, now)).toBe('resolved');
  });
});
