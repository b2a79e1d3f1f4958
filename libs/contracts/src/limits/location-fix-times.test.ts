import { findFixTimeProblem, maxFixAgeMs } from './location-fix-times';

describe('location fix times', () => {
  const now = 1_763_719_200_000;

  it('a fix of a minute ago, or a little ahead of the clock, is fine', () => {
    expect(findFixTimeProblem(now - 60_000, now)).toBeUndefined();
    expect(findFixTimeProblem(now + 60_000, now)).toBeUndefined();
  });

  it('a fix an hour in the future or years old is refused with a reason', () => {
    expect(findFixTimeProblem(now + 3_600_000, now)).toMatch(/future/);
    expect(findFixTimeProblem(now - maxFixAgeMs - 1, now)).toMatch(/old/);
    expect(findFixTimeProblem(Number.NaN, now)).toMatch(/valid/);
  });
});
