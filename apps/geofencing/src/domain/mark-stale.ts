import type { PresenceStore } from './ports';
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
        const presence = await tx.member(userId);
        // A fix may have come between the search and this transaction.
        if (presence.status === 'unknown' || (presence.lastFixAt ?? 0) >= before) return;
        await tx.saveMember(userId, { ...unknownPresence, lastFixAt: presence.lastFixAt });
        if (presence.status !== 'home') return;
        const left = memberEvent(homeId, userId, { kind: 'left', at: now }, now, 'no-recent-fix');
        await recordTransitions(tx, homeId, [left], now);
      });
    }
    return stale.length;
  };
}
