import { retentionHorizon } from './fact-retention';

describe('the retention horizon of raw message and presence facts', () => {
  it('is the UTC midnight the retention days before today, whatever the hour of today', () => {
    const horizon = new Date('2026-11-04T00:00:00.000Z');
    expect(retentionHorizon(Date.parse('2026-12-05T00:00:00.000Z'), 31)).toEqual(horizon);
    expect(retentionHorizon(Date.parse('2026-12-05T23:59:59.999Z'), 31)).toEqual(horizon);
    expect(retentionHorizon(Date.parse('2026-12-06T00:00:00.000Z'), 31)).toEqual(
      new Date('2026-11-05T00:00:00.000Z'),
    );
  });
});
