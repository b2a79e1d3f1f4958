import type { HomeZone, LocationFix } from '@homeport/contracts';
import { metersBeyondZone } from './zones';

/** How far beyond a home's zone a member's accurate fix was, and when. */
export interface Approach {
  readonly meters: number;
  readonly at: number;
}

/** The rules of "on the way home". */
export interface ApproachSettings {
  /** Fixes less accurate than this say nothing. */
  readonly maxAccuracyMeters: number;
  /** Getting closer counts when a fix is this much nearer than the one before, beyond both accuracies. */
  readonly minApproachMeters: number;
  /** Two fixes further apart in time than this are not one movement. */
  readonly maxGapMs: number;
}

/** What a batch tells of a member away from home: their last distance, and whether they are coming closer. */
export interface ApproachReading {
  readonly latest: Approach | null;
  /** Set when a fix was clearly nearer than the one before it (the distance then). */
  readonly approachingAtMeters: number | null;
}

/**
 * Follows a member's distance to the zone across their fixes (in time order, accurate ones only): they are
 * on the way home when a fix is nearer than the previous one by `minApproachMeters` plus both fixes'
 * accuracy (so jitter of a phone standing still never counts) within `maxGapMs`.
 */
export function readApproach(
  previous: Approach | null,
  zone: HomeZone,
  fixes: readonly LocationFix[],
  settings: ApproachSettings,
): ApproachReading {
  let latest = previous;
  let latestAccuracy = 0;
  let approachingAtMeters: number | null = null;
  const accurate = fixes.filter((fix) => fix.accuracyMeters <= settings.maxAccuracyMeters);
  for (const fix of [...accurate].sort((a, b) => a.at - b.at)) {
    if (latest !== null && fix.at <= latest.at) continue;
    const meters = Math.max(0, metersBeyondZone(zone, fix));
    if (latest !== null && fix.at - latest.at <= settings.maxGapMs) {
      const closerBy = latest.meters - meters;
      if (closerBy > settings.minApproachMeters + fix.accuracyMeters + latestAccuracy)
        approachingAtMeters = meters;
    }
    latest = { meters, at: fix.at };
    latestAccuracy = fix.accuracyMeters;
  }
  return { latest, approachingAtMeters };
}
