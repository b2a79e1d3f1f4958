import type { HomeZone, LocationFix } from '@homeport/contracts';
import { placeFix } from './zones';

/** Where a member is as far as their phone tells: home, away, or unknown (no fix for too long, or never). */
export type PresenceStatus = 'home' | 'away' | 'unknown';

/** A member's presence in one home, kept between fixes. */
export interface MemberPresence {
  readonly status: PresenceStatus;
  /** The newest fix taken into account (epoch ms); older and equal ones are ignored. */
  readonly lastFixAt: number | null;
  /** While home: since when fixes say outside, not yet confirmed (epoch ms of the first). */
  readonly exitCandidateSince: number | null;
  readonly exitCandidateFixes: number;
}

/** The rules' settings. */
export interface PresenceSettings {
  /** Fixes less accurate than this are ignored. */
  readonly maxAccuracyMeters: number;
  /** Leaving needs the fix beyond the zone by this much, accuracy included. */
  readonly exitMarginMeters: number;
  /** Leaving is confirmed by this many outside fixes in a row... */
  readonly exitConfirmFixes: number;
  /** ...or by outside fixes spanning this long. */
  readonly exitDwellMs: number;
}

/** A member's presence before their first fix. */
export const unknownPresence: MemberPresence = {
  status: 'unknown',
  lastFixAt: null,
  exitCandidateSince: null,
  exitCandidateFixes: 0,
};

/** What one fix did. */
export type FixOutcome =
  | { readonly kind: 'ignored'; readonly reason: 'not-newer' | 'inaccurate' }
  | { readonly kind: 'applied'; readonly presence: MemberPresence; readonly transition?: 'arrived' | 'left' };

/**
 * Applies one fix: out of order, duplicate or inaccurate ones are ignored; one good fix inside makes the
 * member home; leaving needs fixes outside the zone and its margin, confirmed by count or dwell time.
 */
export function applyFix(
  presence: MemberPresence,
  zone: HomeZone,
  fix: LocationFix,
  settings: PresenceSettings,
): FixOutcome {
  if (presence.lastFixAt !== null && fix.at <= presence.lastFixAt)
    return { kind: 'ignored', reason: 'not-newer' };
  if (fix.accuracyMeters > settings.maxAccuracyMeters) return { kind: 'ignored', reason: 'inaccurate' };
  const place = placeFix(zone, fix, settings.exitMarginMeters);
  const noCandidate = { exitCandidateSince: null, exitCandidateFixes: 0 };
  if (place === 'inside') {
    const next = { status: 'home' as const, lastFixAt: fix.at, ...noCandidate };
    return presence.status === 'home'
      ? { kind: 'applied', presence: next }
      : { kind: 'applied', presence: next, transition: 'arrived' };
  }
  if (place === 'uncertain' || presence.status !== 'home') {
    // Unknown becomes away only on a clear outside fix; the margin band keeps what was known.
    const status = place === 'outside' ? 'away' : presence.status;
    return { kind: 'applied', presence: { ...presence, status, lastFixAt: fix.at } };
  }
  return applyOutsideFixAtHome(presence, fix.at, settings);
}

function applyOutsideFixAtHome(presence: MemberPresence, at: number, settings: PresenceSettings): FixOutcome {
  const since = presence.exitCandidateSince ?? at;
  const fixes = presence.exitCandidateFixes + 1;
  if (fixes >= settings.exitConfirmFixes || at - since >= settings.exitDwellMs) {
    const away = { status: 'away' as const, lastFixAt: at, exitCandidateSince: null, exitCandidateFixes: 0 };
    return { kind: 'applied', presence: away, transition: 'left' };
  }
  return {
    kind: 'applied',
    presence: { ...presence, lastFixAt: at, exitCandidateSince: since, exitCandidateFixes: fixes },
  };
}
