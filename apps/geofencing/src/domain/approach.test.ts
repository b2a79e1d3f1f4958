import type { HomeZone, LocationFix } from '@homeport/contracts';
import { computeDestinationPoint } from 'geolib';
import { readApproach } from './approach';

const center = { latitude: 48.8722, longitude: 2.3767 };
const zone: HomeZone = { kind: 'circle', center, radiusMeters: 100 };
const settings = { maxAccuracyMeters: 150, minApproachMeters: 200, maxGapMs: 900_000 };
const fixAt = (meters: number, at: number, accuracyMeters = 20): LocationFix => ({
  ...computeDestinationPoint(center, meters, 45),
  accuracyMeters,
  at,
});

describe('on the way home', () => {
  it('a member whose fixes come 1 km closer within minutes is on the way, at the nearer distance', () => {
    const reading = readApproach(null, zone, [fixAt(3000, 0), fixAt(2000, 120_000)], settings);
    expect(reading.approachingAtMeters).toBeCloseTo(1900, -1);
    expect(reading.latest?.at).toBe(120_000);
  });

  it('the previous batch counts: one fix closer than the stored distance is enough', () => {
    const reading = readApproach({ meters: 4000, at: 0 }, zone, [fixAt(2500, 300_000)], settings);
    expect(reading.approachingAtMeters).not.toBeNull();
  });

  it('a phone standing still at work with 100 m jitter, one moving away, or fixes hours apart are not on the way', () => {
    const jitter = [0, 1, 2, 3, 4, 5].map((i) => fixAt(5000 + (i % 2 === 0 ? 100 : -100), i * 60_000, 80));
    expect(readApproach(null, zone, jitter, settings).approachingAtMeters).toBeNull();
    const away = [fixAt(1000, 0), fixAt(3000, 120_000)];
    expect(readApproach(null, zone, away, settings).approachingAtMeters).toBeNull();
    const hoursApart = [fixAt(9000, 0), fixAt(2000, 3 * 3_600_000)];
    expect(readApproach(null, zone, hoursApart, settings).approachingAtMeters).toBeNull();
  });

  it('inaccurate, out-of-order and older-than-known fixes say nothing', () => {
    const inaccurate = [fixAt(5000, 0), fixAt(1000, 60_000, 500)];
    expect(readApproach(null, zone, inaccurate, settings).approachingAtMeters).toBeNull();
    const older = readApproach(
      { meters: 900, at: 500_000 },
      zone,
      [fixAt(5000, 0), fixAt(100, 10_000)],
      settings,
    );
    expect(older).toEqual({ latest: { meters: 900, at: 500_000 }, approachingAtMeters: null });
  });
});
