import type { HomeZone, LocationFix } from '@homeport/contracts';
import fc from 'fast-check';
import { computeDestinationPoint } from 'geolib';
import { evaluateFixes } from './evaluate-fixes';
import { applyFix, unknownPresence, type MemberPresence, type PresenceSettings } from './presence-rules';

const center = { latitude: 48.8722, longitude: 2.3767 };
const zone: HomeZone = { kind: 'circle', center, radiusMeters: 100 };
const settings: PresenceSettings = {
  maxAccuracyMeters: 150,
  exitMarginMeters: 50,
  exitConfirmFixes: 2,
  exitDwellMs: 300_000,
};
const start = 1_763_719_200_000;

/** A fix `meters` from the center towards `bearing` degrees. */
function fixAt(meters: number, accuracyMeters: number, at: number, bearing = 90): LocationFix {
  const point = computeDestinationPoint(center, meters, bearing);
  return { latitude: point.latitude, longitude: point.longitude, accuracyMeters, at };
}

const home: MemberPresence = {
  status: 'home',
  lastFixAt: start,
  exitCandidateSince: null,
  exitCandidateFixes: 0,
};

describe('member presence rules', () => {
  it('one good fix inside makes an unknown member arrive', () => {
    const outcome = applyFix(unknownPresence, zone, fixAt(40, 20, start), settings);
    expect(outcome).toMatchObject({ kind: 'applied', transition: 'arrived', presence: { status: 'home' } });
  });

  it('a fix whose distance minus accuracy is within the radius counts as inside', () => {
    const away: MemberPresence = { ...home, status: 'away' };
    expect(applyFix(away, zone, fixAt(160, 70, start + 1000), settings)).toMatchObject({
      transition: 'arrived',
    });
  });

  it('a fix less accurate than the limit is ignored', () => {
    expect(applyFix(unknownPresence, zone, fixAt(10, 500, start), settings)).toEqual({
      kind: 'ignored',
      reason: 'inaccurate',
    });
  });

  it('out-of-order and duplicate fixes are ignored', () => {
    expect(applyFix(home, zone, fixAt(900, 10, start), settings)).toMatchObject({ reason: 'not-newer' });
    expect(applyFix(home, zone, fixAt(900, 10, start - 1), settings)).toMatchObject({ reason: 'not-newer' });
  });

  it('leaving needs two fixes beyond the radius plus the margin', () => {
    const first = evaluateFixes(home, zone, [fixAt(400, 20, start + 60_000)], settings);
    expect(first.transitions).toEqual([]);
    expect(first.presence.status).toBe('home');
    const second = evaluateFixes(first.presence, zone, [fixAt(600, 20, start + 120_000)], settings);
    expect(second.transitions).toEqual([{ kind: 'left', at: start + 120_000 }]);
  });

  it('a fix back inside cancels a pending exit', () => {
    const fixes = [fixAt(400, 20, start + 1000), fixAt(30, 20, start + 2000), fixAt(400, 20, start + 3000)];
    const evaluation = evaluateFixes(home, zone, fixes, settings);
    expect(evaluation.transitions).toEqual([]);
    expect(evaluation.presence.status).toBe('home');
  });

  it('a dwell time confirms an exit when one fix is asked for more than it gives', () => {
    const patient = { ...settings, exitConfirmFixes: 10, exitDwellMs: 60_000 };
    const fixes = [fixAt(400, 20, start + 1000), fixAt(500, 20, start + 61_000)];
    expect(evaluateFixes(home, zone, fixes, patient).transitions).toEqual([
      { kind: 'left', at: start + 61_000 },
    ]);
  });

  it('fixes sent out of order in one batch are applied in the order they were taken', () => {
    const fixes = [fixAt(600, 20, start + 2000), fixAt(500, 20, start + 1000)];
    expect(evaluateFixes(home, zone, fixes, settings).transitions).toEqual([
      { kind: 'left', at: start + 2000 },
    ]);
  });

  it('a polygon zone: inside the ring arrives, far beyond it leaves', () => {
    const ring = [
      [2.3757, 48.8716],
      [2.3777, 48.8716],
      [2.3777, 48.8728],
      [2.3757, 48.8728],
      [2.3757, 48.8716],
    ];
    const polygon: HomeZone = { kind: 'polygon', coordinates: [ring] };
    expect(applyFix(unknownPresence, polygon, fixAt(5, 10, start), settings)).toMatchObject({
      transition: 'arrived',
    });
    const fixes = [fixAt(700, 20, start + 1000), fixAt(800, 20, start + 2000)];
    expect(evaluateFixes(home, polygon, fixes, settings).transitions).toHaveLength(1);
  });

  it('a phone 90 m from the center, accuracy 60-80 m and ±40 m of noise, never flaps (10 minutes of fixes)', () => {
    const jitteryFix = fc.record({
      noiseMeters: fc.double({ min: -40, max: 40, noNaN: true }),
      accuracyMeters: fc.double({ min: 60, max: 80, noNaN: true }),
      bearing: fc.double({ min: 0, max: 360, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<MemberPresence>(home, unknownPresence),
        fc.array(jitteryFix, { minLength: 60, maxLength: 120 }),
        (initial, samples) => {
          const fixes = samples.map((sample, index) =>
            fixAt(90 + sample.noiseMeters, sample.accuracyMeters, start + (index + 1) * 5000, sample.bearing),
          );
          const { transitions, presence } = evaluateFixes(initial, zone, fixes, settings);
          const expected = initial.status === 'home' ? [] : [{ kind: 'arrived', at: start + 5000 }];
          expect(transitions).toEqual(expected);
          expect(presence.status).toBe('home');
        },
      ),
      { numRuns: 200 },
    );
  });
});
