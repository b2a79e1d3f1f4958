import { judgeStep } from './sustained-rule';

const kept = { attempted: 15_000, accepted: 15_000, processed: 15_000, p99Ms: 120 };

describe('a sustained step', () => {
  it('everything accepted, processed and p99 under 1 s: sustained', () => {
    expect(judgeStep(kept)).toEqual({ sustained: true, reasons: [] });
  });

  it('the thresholds are inclusive where the rule says "at least"', () => {
    expect(judgeStep({ ...kept, accepted: 14_850, processed: 14_836 }).sustained).toBe(true); // 99%, 99.9%
    expect(judgeStep({ ...kept, p99Ms: 999.9 }).sustained).toBe(true);
  });

  it('processing fell behind (less than 99.9% of accepted within the grace period): not sustained', () => {
    const verdict = judgeStep({ ...kept, processed: 14_980 });
    expect(verdict.sustained).toBe(false);
    expect(verdict.reasons).toEqual(['processed 14980 of 15000 accepted (99.87% < 99.9%)']);
  });

  it('p99 of 1 s or more: not sustained', () => {
    expect(judgeStep({ ...kept, p99Ms: 1000 }).reasons).toEqual(['p99 1000 ms >= 1000 ms']);
  });

  it('the broker accepted less than 99% of the attempted messages: not sustained', () => {
    const verdict = judgeStep({ ...kept, accepted: 14_000, processed: 14_000 });
    expect(verdict.reasons).toEqual(['accepted 14000 of 15000 attempted (93.33% < 99%)']);
  });

  it('nothing got through: every broken condition is named', () => {
    const verdict = judgeStep({ attempted: 15_000, accepted: 0, processed: 0, p99Ms: null });
    expect(verdict.sustained).toBe(false);
    expect(verdict.reasons).toEqual(['accepted 0 of 15000 attempted (0.00% < 99%)', 'nothing processed']);
  });
});
