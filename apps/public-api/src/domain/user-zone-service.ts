import { maxUserZones, type UserZoneRequest } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import type { AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import type { UserZone, UserZoneRepository } from './user-zones';
import { checkZonePolygon } from './zone-shapes';

/** What the user zone use cases need. */
export interface UserZoneServiceDeps {
  readonly zones: UserZoneRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

const zoneNotFound = () => new AppError('not_found', 'USER_ZONE_NOT_FOUND', 'no such zone of yours');
const nameTaken = () =>
  new AppError('conflict', 'USER_ZONE_NAME_TAKEN', 'you already have a zone of this name');

/** Exactly one shape, and a usable one. */
function readShape(request: UserZoneRequest): Pick<UserZone, 'circle' | 'polygon'> {
  if ((request.circle === undefined) === (request.polygon === undefined)) {
    const fields = [
      { location: 'body', path: '/circle', message: 'give a circle or a polygon, exactly one' },
    ];
    throw new AppError('invalid', 'USER_ZONE_SHAPE_REQUIRED', 'give a circle or a polygon, exactly one', {
      details: { fields },
    });
  }
  if (request.polygon !== undefined) checkZonePolygon(request.polygon, '/polygon');
  return { circle: request.circle ?? null, polygon: request.polygon ?? null };
}

/**
 * A user's own zones (work, school): geofencing evaluates them with a home's rules and publishes the user's
 * entering and leaving them. Confined to their user: no home member, owner or vendor reads them.
 */
export function createUserZoneService(deps: UserZoneServiceDeps) {
  const { zones, audit, clock } = deps;
  const record = (caller: UserCaller, action: string, zoneId: string) =>
    audit.record({ caller, at: clock.now(), action, outcome: 'succeeded', details: { zoneId } });
  return {
    list: (caller: UserCaller) => zones.listOfUser(caller.userId),

    async create(caller: UserCaller, request: UserZoneRequest): Promise<UserZone> {
      const zone = {
        id: randomUUID(),
        userId: caller.userId,
        name: request.name,
        ...readShape(request),
        notify: request.notify,
        createdAt: clock.now(),
      };
      const outcome = await zones.insert(zone, maxUserZones);
      if (outcome === 'name-taken') throw nameTaken();
      if (outcome === 'limit-reached') {
        throw new AppError('conflict', 'USER_ZONE_LIMIT_REACHED', `you have ${maxUserZones} zones already`);
      }
      await record(caller, 'user-zone.created', zone.id);
      return zone;
    },

    async replace(caller: UserCaller, zoneId: string, request: UserZoneRequest): Promise<UserZone> {
      const replaced = await zones.replace({
        id: zoneId,
        userId: caller.userId,
        name: request.name,
        ...readShape(request),
        notify: request.notify,
      });
      if (replaced === 'not-found') throw zoneNotFound();
      if (replaced === 'name-taken') throw nameTaken();
      await record(caller, 'user-zone.replaced', zoneId);
      return replaced;
    },

    async remove(caller: UserCaller, zoneId: string): Promise<void> {
      if (!(await zones.remove(caller.userId, zoneId))) throw zoneNotFound();
      await record(caller, 'user-zone.deleted', zoneId);
    },
  };
}

/** The user zone use cases. */
export type UserZoneService = ReturnType<typeof createUserZoneService>;
