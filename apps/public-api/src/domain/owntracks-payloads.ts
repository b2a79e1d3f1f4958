import {
  compileValidator,
  OwnTracksLocation,
  OwnTracksTransition,
  type LocationFix,
} from '@homeport/contracts';

/** What an OwnTracks payload gives: a fix, nothing for Homeport, or problems to refuse it for. */
export type OwnTracksReading =
  | { readonly kind: 'fix'; readonly fix: LocationFix }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] };

const validators = {
  location: compileValidator(OwnTracksLocation),
  transition: compileValidator(OwnTracksTransition),
};
const kmPerHourInMetersPerSecond = 1000 / 3600;

/**
 * Reads a payload the app POSTed in HTTP mode. A `location` is a fix; a `transition` (the phone crossed one
 * of its own regions) carries where the phone was, so it is a fix too. Other types (lwt, waypoints, status,
 * a deleted friend's empty body) and fixes without an accuracy (iOS leaves `acc` out when it has none) are
 * ignored: the app is answered as if delivered, or it would resend them forever.
 */
export function readOwnTracksPayload(payload: unknown): OwnTracksReading {
  if (typeof payload !== 'object' || payload === null || !('_type' in payload)) {
    return { kind: 'ignored', reason: 'not an OwnTracks payload' };
  }
  const type = payload._type;
  if (type !== 'location' && type !== 'transition')
    return { kind: 'ignored', reason: `type ${String(type)}` };
  const problems = validators[type].explain(payload);
  if (problems.length > 0) return { kind: 'invalid', problems };
  const read = payload as OwnTracksLocation | OwnTracksTransition;
  if (read.acc === undefined) return { kind: 'ignored', reason: 'no accuracy' };
  const fix: LocationFix = {
    latitude: read.lat,
    longitude: read.lon,
    accuracyMeters: read.acc,
    at: read.tst * 1000,
    ...('vel' in read &&
      read.vel !== undefined && { speedMetersPerSecond: read.vel * kmPerHourInMetersPerSecond }),
    ...('batt' in read && read.batt !== undefined && { batteryPercent: read.batt }),
  };
  return { kind: 'fix', fix };
}
