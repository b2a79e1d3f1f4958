import type { FactRetention } from '../../src/domain/fact-retention';
import type { RolledUpFacts } from '../../src/domain/ports';

/**
 * Rounds of the jobs at once, as replicas run them, until none has a whole batch left; resolves with the
 * vendor-days they rolled up and the raw `facts` they deleted.
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
