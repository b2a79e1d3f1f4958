/**
 * Whether an optional step pays, learned from what it did: merging above the kept rows (a report written, or
 * the stored row moved on and the SQL merge had it after all), reading the rows other replicas merged (a newer
 * row found, or the round trip for nothing). With several replicas competing on one queue, a device's reports
 * go to each in turn, so a kept row has often moved on; with one, no other replica's row is ever newer.
 * Measured with the bench (tools/bench/README.md, "Session 31" and "Session 33").
 */
export interface PayingGate {
  /** Whether this batch should take the step. */
  isOpen(): boolean;
  /** What a step did: the items it was tried for, and for how many it paid. */
  record(tried: number, paid: number): void;
}

/** Each batch's outcome weighs this much against the memory of the earlier ones. */
const decay = 0.9;
/** While closed, one batch in this many still takes the step, so the gate opens again when it pays again. */
const probeEvery = 20;

/** A gate open until the decayed share of items the step paid for falls below `minPaidShare`. */
export function createPayingGate(minPaidShare: number): PayingGate {
  let tried = 0;
  let paid = 0;
  let closedBatches = 0;
  return {
    isOpen() {
      if (tried === 0 || paid >= tried * minPaidShare) return true;
      closedBatches += 1;
      return closedBatches % probeEvery === 0;
    },
    record(triedNow, paidNow) {
      tried = tried * decay + triedNow;
      paid = paid * decay + paidNow;
    },
  };
}
