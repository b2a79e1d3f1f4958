import type { locationFixesReportedV1, MessagePayload } from '@homeport/contracts';
import { evaluateFixes } from './evaluate-fixes';
import type { PresenceStore } from './ports';
import { memberEvent } from './presence-events';
import type { PresenceSettings } from './presence-rules';
import { recordTransitions } from './record-transitions';

/** A batch of fixes as the queue delivers it. */
export type LocationFixes = MessagePayload<typeof locationFixesReportedV1>;

/** What handling a batch did, for metrics and tests. */
export interface FixesOutcome {
  readonly events: number;
  readonly ignoredFixes: number;
}

/**
 * Evaluates a batch against each of the user's home zones, one transaction per home: the member's presence,
 * the home's occupancy and the events they cause commit together, so an event is never lost nor invented by
 * a crash; a redelivered batch finds its fixes not newer and changes nothing.
 */
export function createFixesHandler(deps: {
  readonly store: PresenceStore;
  readonly settings: PresenceSettings;
  readonly now: () => number;
}) {
  return async (batch: LocationFixes): Promise<FixesOutcome> => {
    let events = 0;
    let ignoredFixes = 0;
    for (const { homeId, zone } of batch.homes) {
      const added = await deps.store.inHome(homeId, async (tx) => {
        const evaluation = evaluateFixes(await tx.member(batch.userId), zone, batch.fixes, deps.settings);
        ignoredFixes += evaluation.ignored;
        await tx.saveMember(batch.userId, evaluation.presence);
        if (evaluation.transitions.length === 0) return 0;
        const detectedAt = deps.now();
        const memberEvents = evaluation.transitions.map((transition) =>
          memberEvent(homeId, batch.userId, transition, detectedAt),
        );
        return recordTransitions(tx, homeId, memberEvents, detectedAt);
      });
      events += added;
    }
    return { events, ignoredFixes };
  };
}
