import { decideHold, type HoldQuestion } from './hold-policy';

// 2026-01-15 21:30 UTC is 22:30 in Paris (CET, UTC+1).
const nowMs = Date.UTC(2026, 0, 15, 21, 30);
const question: HoldQuestion = {
  severity: 'warning',
  category: 'alert',
  channel: 'email',
  address: 'ada@example.com',
  timeZone: 'Europe/Paris',
  preferences: { quietHours: { from: '22:00', to: '07:00' }, digest: { at: '08:00' } },
  nowMs,
  sentLastHour: 0,
  ratePerHour: 10,
};

describe('deciding whether a notification waits', () => {
  it('inside quiet hours that span midnight, a warning waits until they end in the user time zone', () => {
    expect(decideHold(question)).toEqual({
      reason: 'quiet',
      digestKey: 'quiet|email|ada@example.com|2026-01-16T06:00:00.000Z',
      dueAtMs: Date.UTC(2026, 0, 16, 6, 0),
    });
  });

  it('a critical alert never waits, not even past the rate limit', () => {
    expect(decideHold({ ...question, severity: 'critical', sentLastHour: 99 })).toBeUndefined();
  });

  it('outside quiet hours an info waits for the daily digest, a warning goes at once', () => {
    const day = { ...question, nowMs: Date.UTC(2026, 0, 15, 12, 0) };
    expect(decideHold({ ...day, severity: 'info' })?.dueAtMs).toBe(Date.UTC(2026, 0, 16, 7, 0));
    expect(decideHold(day)).toBeUndefined();
    expect(
      decideHold({ ...day, severity: 'info', preferences: { quietHours: null, digest: null } }),
    ).toBeUndefined();
  });

  it("an arrival or a zone crossing (info) goes at once, not in the next morning's digest; quiet hours still hold it", () => {
    const day = { ...question, severity: 'info', nowMs: Date.UTC(2026, 0, 15, 12, 0) } as const;
    expect(decideHold({ ...day, category: 'presence' })).toBeUndefined();
    expect(decideHold({ ...day, category: 'geofence' })).toBeUndefined();
    expect(decideHold({ ...question, severity: 'info', category: 'presence' })?.reason).toBe('quiet');
  });

  it('past the rate limit a warning waits until the hour ends', () => {
    const day = { ...question, nowMs: Date.UTC(2026, 0, 15, 12, 20), sentLastHour: 10 };
    expect(decideHold(day)).toMatchObject({ reason: 'rate', dueAtMs: Date.UTC(2026, 0, 15, 13, 0) });
  });

  it('quiet hours ending across a DST shift end at the wall-clock time of the new offset', () => {
    // Paris springs forward on 2026-03-29 (02:00 CET -> 03:00 CEST) and falls back on 2026-10-25.
    const spring = decideHold({ ...question, nowMs: Date.UTC(2026, 2, 28, 21, 30) });
    expect(spring?.dueAtMs).toBe(Date.UTC(2026, 2, 29, 5, 0)); // 07:00 CEST
    const autumn = decideHold({ ...question, nowMs: Date.UTC(2026, 9, 24, 20, 30) });
    expect(autumn?.dueAtMs).toBe(Date.UTC(2026, 9, 25, 6, 0)); // 07:00 CET
  });

  it('quiet hours ending at a time a spring-forward night skips end when that time would have been', () => {
    const skipped = { quietHours: { from: '22:00', to: '02:30' }, digest: null };
    const held = decideHold({ ...question, preferences: skipped, nowMs: Date.UTC(2026, 2, 28, 21, 30) });
    expect(held?.dueAtMs).toBe(Date.UTC(2026, 2, 29, 1, 30)); // 03:30 CEST, 02:30 by the old offset
  });

  it('a digest due across a DST shift goes at its wall-clock time', () => {
    const evening = {
      ...question,
      severity: 'info' as const,
      preferences: { quietHours: null, digest: { at: '08:00' } },
    };
    expect(decideHold({ ...evening, nowMs: Date.UTC(2026, 9, 24, 19, 0) })?.dueAtMs).toBe(
      Date.UTC(2026, 9, 25, 7, 0), // 08:00 CET
    );
  });
});
