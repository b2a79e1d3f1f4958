import type { HomeZone, LocationFix } from '@homeport/contracts';
import { applyFix, type MemberPresence, type PresenceSettings } from './presence-rules';

/** A member's transition, at the time of the fix that decided it. */
export interface PresenceTransition {
  readonly kind: 'arrived' | 'left';
  readonly at: number;
}

/** What a batch of fixes did to a member's presence in one home. */
export interface BatchEvaluation {
  readonly presence: MemberPresence;
  readonly transitions: readonly PresenceTransition[];
  readonly ignored: number;
}

/** Applies a batch's fixes in the order they were taken (a phone may send its queue in any order). */
export function evaluateFixes(
  presence: MemberPresence,
  zone: HomeZone,
  fixes: readonly LocationFix[],
  settings: PresenceSettings,
): BatchEvaluation {
  const inOrder = [...fixes].sort((a, b) => a.at - b.at);
  let current = presence;
  let ignored = 0;
  const transitions: PresenceTransition[] = [];
  for (const fix of inOrder) {
    const outcome = applyFix(current, zone, fix, settings);
    if (outcome.kind === 'ignored') {
      ignored += 1;
      continue;
    }
    current = outcome.presence;
    if (outcome.transition !== undefined) transitions.push({ kind: outcome.transition, at: fix.at });
  }
  return { presence: current, transitions, ignored };
}
