import type { HomeTransaction } from './ports';
import { occupancyEvent, type PresenceEvent } from './presence-events';

/**
 * Puts a home's member events in the outbox, followed by the occupancy change they make, if any (the
 * member's new presence already saved in `tx`). Resolves with the number of events added.
 */
export async function recordTransitions(
  tx: HomeTransaction,
  homeId: string,
  memberEvents: readonly PresenceEvent[],
  at: number,
): Promise<number> {
  const events = [...memberEvents];
  const occupancy = occupancyEvent(homeId, await tx.wasOccupied(), await tx.countMembersHome(), at);
  if (occupancy !== undefined) {
    events.push(occupancy);
    await tx.saveOccupied(occupancy.payload.occupied, at);
  }
  await tx.addEvents(events);
  return events.length;
}
