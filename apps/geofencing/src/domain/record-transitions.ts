import type { HomeTransaction } from './ports';
import { occupancyEvent, type PresenceEvent } from './presence-events';

/**
 * Puts a home's member events in the outbox, followed by the occupancy change they make, if any (the
 * member's new presence already saved in `tx`), and records the automation runs that change causes in the
 * same transaction. Resolves with the number of events added.
 */
export async function recordTransitions(
  tx: HomeTransaction,
  homeId: string,
  memberEvents: readonly PresenceEvent[],
  at: number,
): Promise<number> {
  const events = [...memberEvents];
  const occupancy = occupancyEvent(homeId, await tx.wasOccupied(), await tx.countMembersHome(), at);
  const last = memberEvents.at(-1);
  const userId = last !== undefined && 'userId' in last.payload ? last.payload.userId : undefined;
  if (occupancy !== undefined) {
    events.push(occupancy);
    await tx.saveOccupied(occupancy.payload.occupied, at);
    if (userId !== undefined) await queueAutomations(tx, occupancy.payload.occupied, userId, at);
  }
  await tx.addEvents(events);
  return events.length;
}

/**
 * The home became empty: its home-empty automations run. Its first member arrived: its first-arrival
 * automations run (those "on the way home" already ran this trip excepted).
 */
async function queueAutomations(tx: HomeTransaction, occupied: boolean, userId: string, at: number) {
  if (occupied) await tx.queueAutomationRuns('first-arrival', 'first-arrival', userId, at);
  else await tx.queueAutomationRuns('home-empty', 'home-empty', userId, at);
}
