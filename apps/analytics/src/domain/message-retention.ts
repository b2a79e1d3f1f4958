import { dayMs } from './periods';
import type { MessageRollups } from './ports';

/** Rolls up the vendor's due days one at a time; resolves with how many this job rolled up. */
async function rollUpDueDays(rollups: MessageRollups, vendorId: string, before: Date): Promise<number> {
  let count = 0;
  for (;;) {
    const step = await rollups.rollUpNextDay(vendorId, before);
    if (step === 'none-due') return count;
    if (step === 'rolled-up') count += 1;
  }
}

/** The UTC midnight `retentionDays` before today's: raw message facts before it are due for the rollup. */
export function retentionHorizon(nowMs: number, retentionDays: number): Date {
  return new Date(Math.floor(nowMs / dayMs) * dayMs - retentionDays * dayMs);
}

/** What one round of the retention did. */
export interface RetentionRound {
  /** Vendor-days rolled up by this round. */
  readonly daysRolledUp: number;
  /** Raw message facts deleted. */
  readonly deleted: number;
  /** Some vendor had a whole batch deleted: more may be waiting. */
  readonly more: boolean;
}

/**
 * Keeps raw message facts `retentionDays` whole UTC days (and today): each round rolls every vendor's due
 * days up, a day at a time, then deletes one batch of each vendor's rolled-up raw rows (late copies too).
 * Rounds on several replicas at once are safe: a day is rolled up by one of them (MessageRollups).
 */
export function createMessageRetention(deps: {
  readonly rollups: MessageRollups;
  readonly retentionDays: number;
  readonly deleteBatchSize: number;
  readonly now: () => number;
}) {
  const { rollups, deleteBatchSize } = deps;
  return {
    async round(): Promise<RetentionRound> {
      const before = retentionHorizon(deps.now(), deps.retentionDays);
      let daysRolledUp = 0;
      let deleted = 0;
      let more = false;
      for (const vendorId of await rollups.vendorsWithRawMessages()) {
        daysRolledUp += await rollUpDueDays(rollups, vendorId, before);
        const count = await rollups.deleteRolledUp(vendorId, deleteBatchSize);
        deleted += count;
        more ||= count === deleteBatchSize;
      }
      return { daysRolledUp, deleted, more };
    },
  };
}

/** The retention rounds (createMessageRetention). */
export type MessageRetention = ReturnType<typeof createMessageRetention>;
