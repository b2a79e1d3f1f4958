/**
 * Whether merging above the kept rows pays, learned from what it wrote. With several replicas competing on
 * one queue, a device's reports go to each in turn, so a kept row has often moved on: the attempt locks the
 * row and fails its check, and the report takes the SQL merge after all. Measured with the bench
 * (tools/bench/README.md, "Session 31"): one replica writes nearly every attempt; with three (a third
 * written), attempting cost the machine about 5 % more than the SQL merge alone.
 */
export interface MergeAboveGate {
  /** Whether this batch should try the kept rows. */
  isOpen(): boolean;
  /** What an attempt did: reports planned above kept rows, and how many of them were written. */
  record(planned: number, written: number): void;
}

/** Below this share of planned reports written, attempts stop paying (fewer than two in three). */
const minWrittenShare = 2 / 3;
/** Each batch's outcome weighs this much against the memory of the earlier ones. */
const decay = 0.9;
/** While closed, one batch in this many still attempts, so the gate opens again when the share rises. */
const probeEvery = 20;

/** A gate open until the decayed share of written reports falls below two in three. */
export function createMergeAboveGate(): MergeAboveGate {
  let planned = 0;
  let written = 0;
  let closedBatches = 0;
  return {
    isOpen() {
      if (planned === 0 || written >= planned * minWrittenShare) return true;
      closedBatches += 1;
      return closedBatches % probeEvery === 0;
    },
    record(plannedNow, writtenNow) {
      planned = planned * decay + plannedNow;
      written = written * decay + writtenNow;
    },
  };
}
