import type { SqlPool } from '@homeport/storage';
import { createPostgresFactRollups } from '../../src/adapters/pg-fact-rollups';
import { createFactRetention, type FactRetention } from '../../src/domain/fact-retention';
import type { RolledUpFacts } from '../../src/domain/ports';

/** Two retention jobs on one database, as two replicas run them, with a fixed clock. */
export function createTwoJobs(
  pool: SqlPool,
  settings: { readonly retentionDays: number; readonly deleteBatchSize: number; readonly now: number },
): FactRetention[] {
  return [0, 1].map(() =>
    createFactRetention({
      rollups: createPostgresFactRollups(pool),
      retentionDays: settings.retentionDays,
      deleteBatchSize: settings.deleteBatchSize,
      now: () => settings.now,
    }),
  );
}

/**
 * Rounds of the jobs at once until none has a whole batch left; resolves with the vendor-days they rolled up
 * and the raw `facts` they deleted.
 */
export async function runJobsTogether(jobs: readonly FactRetention[], facts: RolledUpFacts) {
  const done = { daysRolledUp: 0, deleted: 0 };
  for (;;) {
    const rounds = await Promise.all(jobs.map((job) => job.round()));
    for (const round of rounds) {
      done.daysRolledUp += round.daysRolledUp;
      done.deleted += round.deleted[facts];
    }
    if (!rounds.some((round) => round.more)) return done;
  }
}
