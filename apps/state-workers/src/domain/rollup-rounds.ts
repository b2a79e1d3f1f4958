import type { RollupCuts } from './recent-rollups';

/** Where the last successful round of the time-series maintenance ended, shared by the replicas. */
export interface LastRollupRound {
  /** Its cuts, from which the next round continues; undefined when no round succeeded yet. */
  readonly cuts: RollupCuts | undefined;
  /** When the retention was last applied; undefined when never. */
  readonly retainedAtMs: number | undefined;
}

/**
 * One maintenance round per interval across the replicas: a lease on the round, and the last successful
 * round's record. On Redis for the replicas, in memory for the embedded mode's one process.
 */
export interface RollupRounds {
  /**
   * Takes the round as `holderId` for the lease's time, and resolves the last round's record; undefined when
   * another holds it. After a successful round the lease is kept until it expires: the others skip that interval.
   */
  claim(holderId: string): Promise<LastRollupRound | undefined>;
  /**
   * Records a successful round, whoever holds the lease now (a round that outlived its lease records cuts
   * about as late as the next one's); a time left undefined keeps the one recorded.
   */
  record(round: LastRollupRound): Promise<void>;
  /** After a failed round: lets the next claim (any replica's) go ahead, if `holderId` still holds it. */
  release(holderId: string): Promise<void>;
}

/** RollupRounds of one process, in memory (the embedded mode), its lease held for `leaseMs`. */
export function createRollupRounds(leaseMs: number): RollupRounds {
  let last: LastRollupRound = { cuts: undefined, retainedAtMs: undefined };
  let lease: { readonly holderId: string; readonly untilMs: number } | undefined;
  return {
    claim(holderId) {
      const nowMs = Date.now();
      if (lease !== undefined && lease.untilMs > nowMs) return Promise.resolve(undefined);
      lease = { holderId, untilMs: nowMs + leaseMs };
      return Promise.resolve(last);
    },
    record(round) {
      last = { cuts: round.cuts ?? last.cuts, retainedAtMs: round.retainedAtMs ?? last.retainedAtMs };
      return Promise.resolve();
    },
    release(holderId) {
      if (lease?.holderId === holderId) lease = undefined;
      return Promise.resolve();
    },
  };
}
