import type { AlertCondition } from '@homeport/contracts';
import { frostCondition } from '../../test/support/rule-fixtures';
import {
  compare,
  isClearingEvent,
  isClearingReading,
  isFiringEvent,
  isFiringReading,
  isReading,
} from './conditions';

const frost = frostCondition;

describe('alert conditions', () => {
  it('fire below 5 and clear above 7: readings between the two neither fire nor clear', () => {
    const clear = { operator: '>' as const, value: 7 };
    expect([4, 4.5, 6.5, 8].map((value) => isFiringReading(frost, value))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([4, 4.5, 6.5, 8].map((value) => isClearingReading(frost, clear, value))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it('without a clear condition, an alert clears as soon as its condition no longer holds', () => {
    expect(isClearingReading(frost, null, 5)).toBe(true);
    expect(isClearingReading(frost, null, 4.9)).toBe(false);
  });

  it('a range fires outside it, and clears inside a narrower one', () => {
    const range: AlertCondition = {
      kind: 'outside-range',
      source: 'telemetry',
      property: 'humidity',
      low: 30,
      high: 60,
    };
    expect([29, 30, 60, 61].map((value) => isFiringReading(range, value))).toEqual([
      true,
      false,
      false,
      true,
    ]);
    const clear = { operator: 'inside-range' as const, low: 35, high: 55 };
    expect([32, 40, 58].map((value) => isClearingReading(range, clear, value))).toEqual([false, true, false]);
  });

  it('order comparisons hold only between numbers; equality compares any scalar', () => {
    expect(compare('heat', '<', 5)).toBe(false);
    expect(compare('off', '==', 'off')).toBe(true);
    expect(compare(true, '!=', false)).toBe(true);
    expect(compare(3, '>=', 3)).toBe(true);
  });

  it('objects, null and non-finite numbers are not readings', () => {
    expect([{}, null, Number.NaN, [1]].some(isReading)).toBe(false);
    expect([0, '', false].every(isReading)).toBe(true);
  });

  it('a device event fires by name at its minimum severity or above; its clear event clears', () => {
    const windowOpen: AlertCondition = {
      kind: 'device-event',
      name: 'window_open_detected',
      minSeverity: 'warning',
      clearEvent: 'window_closed',
    };
    const event = (name: string, severity: 'info' | 'warning' | 'critical') => ({ name, severity });
    expect(
      (['info', 'warning', 'critical'] as const).map((severity) =>
        isFiringEvent(windowOpen, event('window_open_detected', severity)),
      ),
    ).toEqual([false, true, true]);
    expect(isFiringEvent(windowOpen, event('button_pressed', 'critical'))).toBe(false);
    expect(isClearingEvent(windowOpen, event('window_closed', 'info'))).toBe(true);
    expect(isFiringEvent(frost, event('window_open_detected', 'critical'))).toBe(false);
  });
});
