import {
  findFixTimeProblem,
  type LocationFix,
  type LocationFixesAccepted,
  type PostLocationFixesRequest,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import type { HomeZones, LocationFixesPublisher, OwnTracksCredential } from './locations';
import { readOwnTracksPayload } from './owntracks-payloads';
import type { UserZone, UserZoneRepository } from './user-zones';
import { toPolygonZone } from './zone-shapes';

/** What the location use cases need. */
export interface LocationServiceDeps {
  readonly zones: HomeZones;
  readonly userZones: Pick<UserZoneRepository, 'listOfUser'>;
  readonly publisher: LocationFixesPublisher;
  readonly clock: Clock;
}

/**
 * Phones' positions in: checked (coordinates by the schemas, times against the clock here), sent to
 * geofencing with the zones of the user's homes and their own zones, never stored. A user with no home that
 * has a location and no zone of their own gets the same answer, and nothing is published.
 */
export function createLocationService(deps: LocationServiceDeps) {
  async function accept(
    userId: string,
    origin: { readonly source: 'homeport' | 'owntracks'; readonly phone: string },
    fixes: readonly LocationFix[],
    fieldOf: (index: number) => string,
  ): Promise<LocationFixesAccepted> {
    const receivedAt = deps.clock.now().getTime();
    const fields = fixes.flatMap((fix, index) => {
      const problem = findFixTimeProblem(fix.at, receivedAt);
      return problem === undefined ? [] : [{ location: 'body', path: fieldOf(index), message: problem }];
    });
    if (fields.length > 0) {
      const message = fields.map((field) => `${field.path}: ${field.message}`).join('; ');
      throw new AppError('invalid', 'FIX_TIME_INVALID', message, { details: { fields } });
    }
    const batchId = randomUUID();
    const [homes, ownZones] = await Promise.all([
      deps.zones.zonesOfUser(userId),
      deps.userZones.listOfUser(userId),
    ]);
    if (homes.length > 0 || ownZones.length > 0) {
      const userZones = ownZones.map(toFixesZone);
      await deps.publisher.publish({
        batchId,
        userId,
        ...origin,
        receivedAt,
        fixes: [...fixes],
        homes,
        userZones,
      });
    }
    return { batchId, accepted: fixes.length };
  }

  return {
    /** POST /v1/account/location/fixes. */
    postFixes(caller: UserCaller, request: PostLocationFixesRequest): Promise<LocationFixesAccepted> {
      const fixes = request.fixes.map(({ timestamp, ...fix }): LocationFix => ({
        ...fix,
        at: Date.parse(timestamp),
      }));
      return accept(
        caller.userId,
        { source: 'homeport', phone: request.phone },
        fixes,
        (index) => `/fixes/${index}/timestamp`,
      );
    },

    /** A payload of the OwnTracks app; resolves with the number of fixes it gave (0 or 1). */
    async postOwnTracks(credential: OwnTracksCredential, payload: unknown): Promise<number> {
      const reading = readOwnTracksPayload(payload);
      if (reading.kind === 'invalid') {
        const fields = reading.problems.map((problem) => ({ location: 'body', path: '/', message: problem }));
        throw new AppError('invalid', 'OWNTRACKS_PAYLOAD_INVALID', reading.problems.join('; '), {
          details: { fields },
        });
      }
      if (reading.kind === 'ignored') return 0;
      const origin = { source: 'owntracks', phone: credential.phone } as const;
      const accepted = await accept(credential.userId, origin, [reading.fix], () => '/tst');
      return accepted.accepted;
    },
  };
}

/** A user's zone as geofencing evaluates it (its table holds a circle or a polygon, never neither). */
function toFixesZone(zone: UserZone) {
  const { circle, polygon } = zone;
  const shape =
    circle !== null
      ? { kind: 'circle' as const, ...circle }
      : toPolygonZone(polygon ?? { type: 'Polygon', coordinates: [] });
  return { zoneId: zone.id, name: zone.name, zone: shape, notify: zone.notify };
}

/** The location use cases. */
export type LocationService = ReturnType<typeof createLocationService>;
