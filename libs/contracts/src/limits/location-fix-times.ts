/** How far ahead of the receiver's clock a fix may be (phones' clocks drift). */
export const maxFixClockAheadMs = 5 * 60_000;

/** How old a fix may be when it arrives: a phone offline for days still sends its queue, years old is wrong. */
export const maxFixAgeMs = 7 * 86_400_000;

/** Why a fix's time cannot be right when received at `receivedAt`, or undefined when it can. */
export function findFixTimeProblem(fixAt: number, receivedAt: number): string | undefined {
  if (!Number.isFinite(fixAt)) return 'the fix has no valid time';
  if (fixAt > receivedAt + maxFixClockAheadMs) return 'the fix is dated in the future';
  if (fixAt < receivedAt - maxFixAgeMs) return 'the fix is more than 7 days old';
  return undefined;
}
