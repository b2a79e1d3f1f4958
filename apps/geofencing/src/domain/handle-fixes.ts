import type { locationFixesReportedV1, MessagePayload } from '@homeport/contracts';
import { readApproach, type ApproachSettings } from './approach';
import { evaluateFixes } from './evaluate-fixes';
import type { SharingStore } from './location-sharing';
import { evaluateUserZones } from './evaluate-user-zones';
import type { HomeTransaction, PresenceStore, UserZoneStore } from './ports';
import { memberEvent } from './presence-events';
import type { PresenceSettings } from './presence-rules';
import { recordTransitions } from './record-transitions';

/** A batch of fixes as the queue delivers it. */
export type LocationFixes = MessagePayload<typeof locationFixesReportedV1>;

/** What handling a batch did, for metrics and tests. */
export interface FixesOutcome {
  readonly events: number;
  readonly ignoredFixes: number;
  /** Automation runs "on the way home" recorded (those of occupancy changes come with events). */
  readonly earlyRuns: number;
}

/**
 * Evaluates a batch against each of the user's home zones, one transaction per home: the member's presence,
 * the home's occupancy and the events they cause commit together, so an event is never lost nor invented by
 * a crash; a redelivered batch finds its fixes not newer and changes nothing. Then against the user's own
 * zones, in one transaction of their own.
 */
export function createFixesHandler(deps: {
  readonly store: PresenceStore;
  readonly userZones: UserZoneStore;
  readonly settings: PresenceSettings;
  readonly approach: ApproachSettings;
  readonly sharing: SharingStore;
  readonly now: () => number;
}) {
  return async (batch: LocationFixes): Promise<FixesOutcome> => {
    const sharing = await deps.sharing.find(batch.userId);
    // Paused: the fixes are not evaluated (nor kept); the member stays unknown.
    if (sharing.paused) {
      const zones = batch.homes.length + (batch.userZones?.length ?? 0);
      return { events: 0, ignoredFixes: batch.fixes.length * zones, earlyRuns: 0 };
    }
    if (sharing.keepPositionsDays !== null) await deps.sharing.keepPositions(batch.userId, batch.fixes);
    let events = 0;
    let ignoredFixes = 0;
    let earlyRuns = 0;
    for (const { homeId, zone } of batch.homes) {
      const added = await deps.store.inHome(homeId, async (tx) => {
        const evaluation = evaluateFixes(await tx.member(batch.userId), zone, batch.fixes, deps.settings);
        ignoredFixes += evaluation.ignored;
        await tx.saveMember(batch.userId, evaluation.presence);
        earlyRuns += await followApproach(tx, batch, zone, evaluation.presence.status, deps);
        if (evaluation.transitions.length === 0) return 0;
        const detectedAt = deps.now();
        const memberEvents = evaluation.transitions.map((transition) =>
          memberEvent(homeId, batch.userId, transition, detectedAt),
        );
        return recordTransitions(tx, homeId, memberEvents, detectedAt);
      });
      events += added;
    }
    const own = await evaluateUserZones(deps.userZones, batch, deps.settings, deps.now);
    return { events: events + own.events, ignoredFixes: ignoredFixes + own.ignoredFixes, earlyRuns };
  };
}

/**
 * "On the way home": while the home is empty and the member away, their distance to the zone is followed
 * across batches; coming clearly closer within an automation's distance records its first-arrival run now
 * (once per trip: their arrival then leaves it out). Resolves with the number of runs recorded.
 */
async function followApproach(
  tx: HomeTransaction,
  batch: LocationFixes,
  zone: LocationFixes['homes'][number]['zone'],
  status: string,
  deps: { readonly approach: ApproachSettings; readonly now: () => number },
): Promise<number> {
  if (!tx.followsApproach()) return 0;
  if (status !== 'away' || (await tx.wasOccupied())) {
    if (status === 'home') await tx.saveMemberApproach(batch.userId, null);
    return 0;
  }
  const reading = readApproach(await tx.memberApproach(batch.userId), zone, batch.fixes, deps.approach);
  await tx.saveMemberApproach(batch.userId, reading.latest);
  if (reading.approachingAtMeters === null) return 0;
  const at = deps.now();
  return tx.queueAutomationRuns(
    'first-arrival',
    'on-the-way-home',
    batch.userId,
    at,
    reading.approachingAtMeters,
  );
}
