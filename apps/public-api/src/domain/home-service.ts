import type { CreateHomeRequest, GeoJsonPolygon, HomeRole, UpdateHomeRequest } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditLog } from './audit';
import { addSeconds, type Clock } from './clock';
import { canManageMembers, canRemoveMember, canViewHome } from './home-policies';
import type { HomeOfMember, HomeRepository, HomeZoneFields, Member } from './homes';
import type { HomeInvitation, InvitationRepository } from './invitations';
import type { Notifications } from './notifications';
import type { UserCaller } from './callers';
import { resolveIanaTimeZone } from './time-zones';
import { checkZonePolygon } from './zone-shapes';
import { normalizeEmail } from './users';

/** What the home use cases need. */
export interface HomeServiceDeps {
  readonly homes: HomeRepository;
  readonly invitations: InvitationRepository;
  readonly notifications: Notifications;
  /** Home actions are recorded, and the attempts a policy refused on homes the caller belongs to. */
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly invitationTtlSeconds: number;
}

const invalidField = (code: string, path: string, message: string) =>
  new AppError('invalid', code, `${path.slice(1)} ${message}`, {
    details: { fields: [{ location: 'body', path, message }] },
  });
/** One answer for a home that does not exist and one the caller is not a member of. */
export const homeNotFound = () => new AppError('not_found', 'HOME_NOT_FOUND', 'no such home among yours');
/** A polygon zone replaces the circle's radius: both at once would leave the zone ambiguous. */
function checkHomePolygon(zone: GeoJsonPolygon, radiusMeters: number | null | undefined): void {
  if (radiusMeters !== undefined && radiusMeters !== null)
    throw invalidField('ZONE_CONFLICT', '/zone', 'replaces radiusMeters: give one or the other');
  checkZonePolygon(zone, '/zone');
}
/** A home's zone as created or changed: a radius needs a centre, a polygon excludes a radius. */
function checkHomeZone(zone: Partial<HomeZoneFields>): void {
  if (zone.radiusMeters !== undefined && zone.radiusMeters !== null && !zone.location) {
    throw invalidField('LOCATION_REQUIRED', '/location', 'is required with radiusMeters');
  }
  if (zone.zone !== undefined && zone.zone !== null) checkHomePolygon(zone.zone, zone.radiusMeters);
}
const ownersOnly = () =>
  new AppError('forbidden', 'HOME_ROLE_INSUFFICIENT', 'only owners of the home may do this');

/** Homes, their members and the invitations to them; every call is confined to the caller's homes. */
export function createHomeService(deps: HomeServiceDeps) {
  const { homes, invitations, notifications, clock } = deps;
  // A refusal of a home outside the caller's scope is not recorded: it would be noise in a home's log that
  // anyone could write by naming its id (and the answer is the same as for a home that does not exist).
  type HomeEvent = Pick<AuditEvent, 'action' | 'details'> & { readonly homeId: string };
  const record = (caller: UserCaller, outcome: AuditEvent['outcome'], event: HomeEvent) =>
    deps.audit.record({ ...event, outcome, caller, at: clock.now() });
  /** Records the refused attempt and answers the error to throw. */
  const refused = async (caller: UserCaller, event: HomeEvent, error: AppError) => {
    await record(caller, 'refused', { ...event, details: { ...event.details, reason: error.code } });
    return error;
  };

  async function requireVisibleHome(caller: UserCaller, homeId: string) {
    const scope = await homes.loadScope(caller.userId);
    if (!canViewHome(scope, homeId)) throw homeNotFound();
    return scope;
  }

  return {
    async createHome(caller: UserCaller, request: CreateHomeRequest): Promise<HomeOfMember> {
      const timeZone = resolveIanaTimeZone(request.timeZone);
      if (timeZone === undefined) {
        throw invalidField('TIME_ZONE_UNKNOWN', '/timeZone', 'is not an IANA time zone (e.g. Europe/Paris)');
      }
      checkHomeZone(request);
      const home = await homes.insertHome(
        {
          id: randomUUID(),
          name: request.name,
          timeZone,
          location: request.location ?? null,
          radiusMeters: request.radiusMeters ?? null,
          zone: request.zone ?? null,
        },
        caller.userId,
      );
      await record(caller, 'succeeded', {
        action: 'home.created',
        homeId: home.id,
        details: { name: home.name },
      });
      return home;
    },

    async listHomes(caller: UserCaller): Promise<HomeOfMember[]> {
      return homes.listHomes(await homes.loadScope(caller.userId));
    },

    async getHome(caller: UserCaller, homeId: string): Promise<HomeOfMember> {
      const scope = await requireVisibleHome(caller, homeId);
      const home = await homes.findHome(scope, homeId);
      if (home === undefined) throw homeNotFound();
      return home;
    },

    /** Owners change the home's zone; the fields not given keep their value. Geofencing reads it at each fix. */
    async updateHome(caller: UserCaller, homeId: string, request: UpdateHomeRequest): Promise<HomeOfMember> {
      const scope = await requireVisibleHome(caller, homeId);
      const event = { action: 'home.zone-changed', homeId, details: {} };
      if (!canManageMembers(scope, homeId)) throw await refused(caller, event, ownersOnly());
      const current = await homes.findHome(scope, homeId);
      if (current === undefined) throw homeNotFound();
      const zone: HomeZoneFields = {
        location: request.location === undefined ? current.location : request.location,
        radiusMeters: request.radiusMeters === undefined ? current.radiusMeters : request.radiusMeters,
        zone: request.zone === undefined ? current.zone : request.zone,
      };
      checkHomeZone(zone);
      const home = await homes.updateZone(scope, homeId, zone);
      if (home === undefined) throw homeNotFound();
      await record(caller, 'succeeded', {
        ...event,
        details: { shape: home.zone === null ? 'circle' : 'polygon' },
      });
      return home;
    },

    async listMembers(caller: UserCaller, homeId: string): Promise<Member[]> {
      return homes.listMembers(await requireVisibleHome(caller, homeId), homeId);
    },

    /** Owners invite an address; the invitation email is queued before the answer. */
    async inviteMember(
      caller: UserCaller,
      homeId: string,
      request: { email: string; role: HomeRole },
    ): Promise<HomeInvitation> {
      const scope = await requireVisibleHome(caller, homeId);
      const event = {
        action: 'home.member-invited',
        homeId,
        details: { email: normalizeEmail(request.email), role: request.role },
      };
      if (!canManageMembers(scope, homeId)) throw await refused(caller, event, ownersOnly());
      const invitation = await invitations.insertHomeInvitation(scope, {
        id: randomUUID(),
        homeId,
        email: normalizeEmail(request.email),
        role: request.role,
        invitedBy: caller.userId,
        expiresAt: addSeconds(clock.now(), deps.invitationTtlSeconds),
      });
      if (invitation === undefined) throw homeNotFound();
      await notifications.memberInvited({
        invitationId: invitation.id,
        homeId,
        homeName: invitation.homeName,
        email: invitation.email,
        role: invitation.role,
        invitedBy: invitation.invitedBy,
        expiresAt: invitation.expiresAt.getTime(),
      });
      await record(caller, 'succeeded', {
        ...event,
        details: { ...event.details, invitationId: invitation.id },
      });
      return invitation;
    },

    async removeMember(caller: UserCaller, homeId: string, userId: string): Promise<void> {
      const scope = await requireVisibleHome(caller, homeId);
      const event = { action: 'home.member-removed', homeId, details: { userId } };
      if (!canRemoveMember(scope, homeId, userId)) throw await refused(caller, event, ownersOnly());
      const outcome = await homes.removeMember(scope, homeId, userId);
      if (outcome === 'scope_changed') throw homeNotFound();
      if (outcome === 'not_member')
        throw new AppError('not_found', 'MEMBER_NOT_FOUND', 'no such member of this home');
      if (outcome === 'last_owner') {
        const lastOwner = new AppError(
          'conflict',
          'LAST_OWNER',
          'a home keeps at least one owner: make another member owner first',
        );
        throw await refused(caller, event, lastOwner);
      }
      await record(caller, 'succeeded', event);
    },
  };
}

/** The home use cases. */
export type HomeService = ReturnType<typeof createHomeService>;
