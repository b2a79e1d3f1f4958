import { telemetryMeasurement } from '@homeport/contracts';
import { waitForValue } from '@homeport/testing';
import { createBatchingTimeSeriesWriter } from '../src/adapters/batching-time-series-writer';
import type { TimeSeriesPoint } from '../src/domain/ports';
import { listRollupCuts, type WrittenTimes } from '../src/domain/recent-rollups';
import type { RollupRounds } from '../src/domain/rollup-rounds';

/** Replicas' views of one shared rollup state: the rounds (leases held `leaseMs`) and the late-points note. */
export interface RollupRoundsSubject {
  openReplica(leaseMs: number): RollupReplica;
  /** Kills a replica: what it kept of its own is gone (its Redis connection; nothing in one process). */
  kill(replica: RollupReplica): Promise<void>;
  close(): Promise<void>;
}

/** One replica's view of the shared rollup state. */
export interface RollupReplica {
  readonly rounds: RollupRounds;
  readonly written: WrittenTimes;
}

const hour = 60 * 60_000;
const pointAt = (timeMs: number): TimeSeriesPoint => ({
  measurement: telemetryMeasurement,
  tags: { vendor_id: 'acme', device_id: 'thermo-1' },
  fields: { temperature: 20 },
  timeMs,
});

/**
 * The behaviour every RollupRounds and WrittenTimes pair must have, Redis's (replicas) and the in-memory one
 * (the embedded mode): one holder of the round at a time, the last round's record kept for the next, and
 * the late-points note kept until the round that took it forgets it.
 */
export function describeRollupRoundsContract(
  title: string,
  openSubject: () => Promise<RollupRoundsSubject>,
): void {
  describe(title, () => {
    let subject: RollupRoundsSubject;
    beforeEach(async () => {
      subject = await openSubject();
    });
    afterEach(async () => {
      await (subject as RollupRoundsSubject | undefined)?.close();
    });

    it('while a replica holds the round another skips it; once the lease expired it takes the round, with the cuts recorded', async () => {
      const [one, two] = [subject.openReplica(300), subject.openReplica(300)];
      const cuts = listRollupCuts(Date.now(), 30_000);

      expect(await one.rounds.claim('one')).toEqual({ cuts: undefined, retainedAtMs: undefined });
      await one.rounds.record({ cuts, retainedAtMs: 1_000 });
      expect(await two.rounds.claim('two')).toBeUndefined();
      const taken = await waitForValue(() => two.rounds.claim('two'), 'the lease expired');

      expect(taken).toEqual({ cuts, retainedAtMs: 1_000 });
    });

    it('a round released by its holder can be taken at once; a release by another replica leaves it held', async () => {
      const [one, two] = [subject.openReplica(hour), subject.openReplica(hour)];

      await one.rounds.claim('one');
      await two.rounds.release('two');
      const whileHeld = await two.rounds.claim('two');
      await one.rounds.release('one');

      expect([whileHeld, await two.rounds.claim('two')]).toEqual([
        undefined,
        { cuts: undefined, retainedAtMs: undefined },
      ]);
    });

    it('the earliest of the times the replicas noted is kept, and points older than the lookback are not', async () => {
      const recent = Date.now() - hour / 4;
      const [one, two] = [subject.openReplica(hour), subject.openReplica(hour)];

      await Promise.all([
        one.written.note([pointAt(recent + 5_000), pointAt(Date.now() - 2 * hour)]),
        two.written.note([pointAt(recent + 2_000)]),
        one.written.note([pointAt(recent + 3_000)]),
      ]);

      expect(await two.written.take()).toBe(recent + 2_000);
    });

    it('a late point stored by a replica killed before its round is taken by another replica, until its round forgets it', async () => {
      const recent = Date.now() - hour / 4;
      const [killed, other] = [subject.openReplica(hour), subject.openReplica(hour)];
      const writer = createBatchingTimeSeriesWriter({
        sink: () => Promise.resolve(),
        written: killed.written,
        maxBatchPoints: 100,
        maxDelayMs: 1,
        maxWritesInFlight: 1,
      });

      await writer.write([pointAt(recent + 9_000)]);
      await subject.kill(killed);
      const taken = await other.written.take();
      await other.written.forget(recent + 9_000);

      expect([taken, await other.written.take()]).toEqual([recent + 9_000, undefined]);
    });

    it('a note taken by a round that never forgot it (killed) is taken again by the next, merged with the earlier one noted since', async () => {
      const recent = Date.now() - hour / 4;
      const [killed, next] = [subject.openReplica(hour), subject.openReplica(hour)];

      await killed.written.note([pointAt(recent + 5_000)]);
      const takenByKilled = await killed.written.take();
      await next.written.note([pointAt(recent + 2_000)]);

      expect([takenByKilled, await next.written.take()]).toEqual([recent + 5_000, recent + 2_000]);
    });

    it('once its round forgot the note it took, a later point noted during that round is the next note', async () => {
      const recent = Date.now() - hour / 4;
      const [one, two] = [subject.openReplica(hour), subject.openReplica(hour)];

      await one.written.note([pointAt(recent + 2_000)]);
      const taken = await one.written.take();
      await two.written.note([pointAt(recent + 7_000)]);
      await one.written.forget(recent + 2_000);

      expect([taken, await two.written.take()]).toEqual([recent + 2_000, recent + 7_000]);
      await two.written.forget(recent + 7_000);
      expect(await one.written.take()).toBeUndefined();
    });

    it('a round forgetting the note it took leaves a lower one another round took meanwhile', async () => {
      const recent = Date.now() - hour / 4;
      const [one, two] = [subject.openReplica(hour), subject.openReplica(hour)];

      await one.written.note([pointAt(recent + 5_000)]);
      await one.written.take();
      await two.written.note([pointAt(recent + 1_000)]);
      await two.written.take();
      await one.written.forget(recent + 5_000);

      expect(await two.written.take()).toBe(recent + 1_000);
    });
  });
}
