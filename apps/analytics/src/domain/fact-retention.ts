import { dayMs } from './periods';
import type { FactRollups, RolledUpFacts } from './ports';

/** Rolls up the vendor's due days one at a time; resolves with how many this job rolled up. */
async function rollUpDueDays(rollups: FactRollups, vendorId: string, before: Date): Promise<number> {
  let count = 0;
  for (;;) {
    const step = await rollups.rollUpNextDay(vendorId, before);
    if (step === 'none-due') return count;
    if (step === 'rolled-up') count += 1;
  }
}

/** The UTC midnight `retentionDays` before today's: raw facts before it are due for the rollup. */
export function retentionHorizon(nowMs: number, retentionDays: number): Date {
  return new Date(Math.floor(nowMs / dayMs) * dayMs - retentionDays * dayMs);
}

const rolledUpFacts: readonly RolledUpFacts[] = ['messages', 'presence'];

/** What one round of the retention did. */
export interface RetentionRound {
  /** Vendor-days rolled up by this round. */
  readonly daysRolledUp: number;
  /** Raw facts deleted, of each kind. */
  readonly deleted: Record<RolledUpFacts, number>;
  /** Some vendor had a whole batch deleted: more may be waiting. */
  readonly more: boolean;
}

/**
 * Keeps raw message and presence facts `retentionDays` whole UTC days (and today): each round rolls every
 * vendor's due days up, a day at a time, then deletes one batch of each kind of the vendor's rolled-up raw
 * rows (late copies too).
 * Rounds on several replicas at once are safe: a day is rolled up by one of them (FactRollups).
 */
export function createFactRetention(deps: {
  readonly rollups: FactRollups;
  readonly retentionDays: number;
  readonly deleteBatchSize: number;
  readonly now: () => number;
}) {
  const { rollups, deleteBatchSize } = deps;
  return {
    async round(): Promise<RetentionRound> {
      const before = retentionHorizon(deps.now(), deps.retentionDays);
      let daysRolledUp = 0;
      const deleted = { messages: 0, presence: 0 };
      let more = false;
      for (const vendorId of await rollups.vendorsWithRawFacts()) {
        daysRolledUp += await rollUpDueDays(rollups, vendorId, before);
        for (const facts of rolledUpFacts) {
          const count = await rollups.deleteRolledUp(vendorId, facts, deleteBatchSize);
          deleted[facts] += count;
          more ||= count === deleteBatchSize;
        }
      }
      return { daysRolledUp, deleted, more };
    },
  };
}

/** The retention rounds (createFactRetention). */
export type FactRetention = ReturnType<typeof createFactRetention>;
