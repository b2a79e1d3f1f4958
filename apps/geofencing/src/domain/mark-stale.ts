import type { HomeTransaction, PresenceStore } from './ports';
import { memberEvent } from './presence-events';
import { unknownPresence } from './presence-rules';
import { recordTransitions } from './record-transitions';

/**
 * Members without a fix for `staleAfterMs` become unknown: a member who was home has left (reason
 * `no-recent-fix`), and their home may become empty. Resolves with how many members were marked.
 */
export function createStaleSweep(deps: {
  readonly store: PresenceStore;
  readonly staleAfterMs: number;
  readonly batchSize: number;
  readonly now: () => number;
}) {
  return async (): Promise<number> => {
    const now = deps.now();
    const before = now - deps.staleAfterMs;
    const stale = await deps.store.findStale(before, deps.batchSize);
    for (const { homeId, userId } of stale) {
      await deps.store.inHome(homeId, async (tx) => {
        // A fix may have come between the search and this transaction.
        const presence = await tx.member(userId);
        if ((presence.lastFixAt ?? 0) < before) await markUnknown(tx, homeId, userId, now);
      });
    }
    return stale.length;
  };
}

/**
 * The member is no longer known to be anywhere (no fix for too long, or sharing paused): unknown, and a
 * member who was home has left (reason `no-recent-fix`), which may empty the home. Resolves with the number
 * of events recorded.
 */
export async function markUnknown(
  tx: HomeTransaction,
  homeId: string,
  userId: string,
  now: number,
): Promise<number> {
  const presence = await tx.member(userId);
  if (presence.status === 'unknown') return 0;
  await tx.saveMember(userId, { ...unknownPresence, lastFixAt: presence.lastFixAt });
  if (presence.status !== 'home') return 0;
  const left = memberEvent(homeId, userId, { kind: 'left', at: now }, now, 'no-recent-fix');
  return recordTransitions(tx, homeId, [left], now);
}
