import type { LocationFixes } from './handle-fixes';
import { evaluateFixes } from './evaluate-fixes';
import type { UserZoneStore } from './ports';
import { userZoneEvent } from './presence-events';
import { unknownPresence, type PresenceSettings } from './presence-rules';

/**
 * Evaluates a batch against the user's own zones (work, school) with a home's rules (one good fix enters,
 * leaving needs the margin and a confirmation), in one transaction holding the user: their presences and
 * the enter/leave events commit together. Zones public-api no longer sends are forgotten; a batch from a
 * publisher that sends none (no `userZones`) leaves them as they were. Resolves with the events recorded.
 */
export async function evaluateUserZones(
  store: UserZoneStore,
  batch: LocationFixes,
  settings: PresenceSettings,
  now: () => number,
): Promise<{ readonly events: number; readonly ignoredFixes: number }> {
  const zones = batch.userZones;
  if (zones === undefined) return { events: 0, ignoredFixes: 0 };
  return store.inUser(batch.userId, async (tx) => {
    const zoneIds = zones.map((zone) => zone.zoneId);
    await tx.forgetOtherZones(zoneIds);
    if (zones.length === 0) return { events: 0, ignoredFixes: 0 };
    const presences = await tx.presences(zoneIds);
    const detectedAt = now();
    let ignoredFixes = 0;
    const events = [];
    for (const zone of zones) {
      const before = presences.get(zone.zoneId) ?? unknownPresence;
      const evaluation = evaluateFixes(before, zone.zone, batch.fixes, settings);
      ignoredFixes += evaluation.ignored;
      if (evaluation.presence !== before) await tx.savePresence(zone.zoneId, evaluation.presence);
      events.push(
        ...evaluation.transitions.map((transition) =>
          userZoneEvent(batch.userId, zone, transition, detectedAt),
        ),
      );
    }
    await tx.addEvents(events);
    return { events: events.length, ignoredFixes };
  });
}
