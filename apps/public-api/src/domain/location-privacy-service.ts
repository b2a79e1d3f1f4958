import type {
  HomePresenceResponse,
  LocationSharingRequest,
  LocationSharingResponse,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import { canViewHome } from './home-policies';
import type { HomeRepository } from './homes';

/** Port: members' location sharing and homes' presence, kept by geofencing (its internal API). */
export interface LocationPrivacy {
  getSharing(userId: string): Promise<LocationSharingResponse>;
  setSharing(userId: string, request: LocationSharingRequest): Promise<LocationSharingResponse>;
  homePresence(homeId: string): Promise<HomePresenceResponse>;
}

/**
 * A person's own location sharing (pause, keep raw positions for a while: audited), and their homes'
 * presence: every member of the home (a member geofencing never saw is unknown) with home, away or unknown,
 * never a position.
 */
export function createLocationPrivacyService(deps: {
  readonly homes: HomeRepository;
  readonly privacy: LocationPrivacy;
  readonly audit: AuditLog;
  readonly clock: Clock;
}) {
  const { homes, privacy, audit, clock } = deps;
  return {
    getSharing: (caller: UserCaller): Promise<LocationSharingResponse> => privacy.getSharing(caller.userId),

    async setSharing(caller: UserCaller, request: LocationSharingRequest): Promise<LocationSharingResponse> {
      const saved = await privacy.setSharing(caller.userId, request);
      const details = { paused: request.paused, keepPositionsDays: request.keepPositionsDays };
      await audit.record({
        caller,
        at: clock.now(),
        action: 'location.sharing-changed',
        outcome: 'succeeded',
        details,
      });
      return saved;
    },

    async homePresence(caller: UserCaller, homeId: string): Promise<HomePresenceResponse> {
      const scope = await homes.loadScope(caller.userId);
      if (!canViewHome(scope, homeId))
        throw new AppError('not_found', 'HOME_NOT_FOUND', 'no such home among yours');
      const [members, seen] = await Promise.all([
        homes.listMembers(scope, homeId),
        privacy.homePresence(homeId),
      ]);
      const statusOf = new Map(seen.members.map((member) => [member.userId, member.status]));
      return {
        homeId,
        occupied: seen.occupied,
        // Members only: someone removed from the home but still counted by geofencing is not shown.
        members: members.map((member) => ({
          userId: member.userId,
          status: statusOf.get(member.userId) ?? 'unknown',
        })),
      };
    },
  };
}

/** The location privacy use cases. */
export type LocationPrivacyService = ReturnType<typeof createLocationPrivacyService>;
