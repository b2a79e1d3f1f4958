import type { HomePresenceResponse, LocationSharingRequest } from '@homeport/contracts';
import type { LocationSharing, SharingStore } from './location-sharing';
import { markUnknown } from './mark-stale';
import type { PresenceStore } from './ports';

/**
 * Members' location sharing and homes' presence (the internal API's privacy use cases). Pausing makes the
 * member unknown in every home at once (a member who was home leaves, which may empty the home); opting out
 * of kept positions deletes those kept.
 */
export function createSharingService(deps: {
  readonly sharing: SharingStore;
  readonly presence: PresenceStore;
  readonly now: () => number;
  /** Called when pausing recorded events: the relay and the worker take them at once. */
  readonly onEventsRecorded: () => void;
}) {
  const { sharing, presence, now } = deps;
  return {
    get: (userId: string): Promise<LocationSharing> => sharing.find(userId),

    async set(userId: string, request: LocationSharingRequest): Promise<LocationSharing> {
      const at = now();
      await sharing.save(userId, request, at);
      if (request.keepPositionsDays === null) await sharing.forgetPositions(userId);
      if (request.paused) {
        let events = 0;
        for (const homeId of await sharing.homesOf(userId)) {
          events += await presence.inHome(homeId, (tx) => markUnknown(tx, homeId, userId, at));
        }
        if (events > 0) deps.onEventsRecorded();
      }
      return { ...request, updatedAt: at };
    },

    async homePresence(homeId: string): Promise<HomePresenceResponse> {
      const { occupied, members } = await presence.homePresence(homeId);
      return { homeId, occupied, members: [...members] };
    },
  };
}

/** The privacy use cases. */
export type SharingService = ReturnType<typeof createSharingService>;
