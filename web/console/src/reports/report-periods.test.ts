import { isoWeekOf, previousIsoWeek, previousUtcDay } from './report-periods';

describe('the report periods', () => {
  it('when the page opens, the day picked is yesterday (UTC) and the week the previous ISO week', () => {
    const now = Date.parse('2026-12-04T00:30:00.000Z');
    expect(previousUtcDay(now)).toBe('2026-12-03');
    expect(previousIsoWeek(now)).toBe('2026-W48');
  });

  it.each([
    ['2026-01-01T12:00:00.000Z', '2026-W01'],
    ['2027-01-01T12:00:00.000Z', '2026-W53'],
    ['2024-12-30T00:00:00.000Z', '2025-W01'],
    ['2026-11-29T23:59:59.000Z', '2026-W48'],
  ])('%s is in the ISO week %s', (instant, week) => {
    expect(isoWeekOf(Date.parse(instant))).toBe(week);
  });
});
