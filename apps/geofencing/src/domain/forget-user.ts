import type { SharingStore } from './location-sharing';
import { markUnknown } from './mark-stale';
import type { PresenceStore } from './ports';

/**
 * A deleted account (`user.deleted`): in each home the person is first made unknown, as a pause does (one who
 * was home has left, `no-recent-fix`, which nobody is told of; the occupancy is recounted and may empty the
 * home), then their presence row goes; then everything else kept of them. Again for the same person: nothing
 * is left to do. Resolves with the number of events recorded.
 */
export function createUserForgetting(deps: {
  readonly presence: PresenceStore;
  readonly sharing: SharingStore;
  readonly now: () => number;
}) {
  return async (userId: string): Promise<number> => {
    const at = deps.now();
    let events = 0;
    for (const homeId of await deps.sharing.homesOf(userId)) {
      events += await deps.presence.inHome(homeId, async (tx) => {
        const recorded = await markUnknown(tx, homeId, userId, at);
        await tx.forgetMember(userId);
        return recorded;
      });
    }
    await deps.sharing.forgetUser(userId);
    return events;
  };
}
