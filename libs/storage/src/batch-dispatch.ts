/**
 * When a batch that has just received an item is sent: at once, at the end of the event-loop turn, or once
 * one of the batches being run ends (bounded by the batcher's maximum wait).
 */
export type BatchDispatch = 'now' | 'end-of-turn' | 'when-a-slot-frees';

/** What the dispatch depends on: the batch being filled and the batches being run. */
export interface BatchLoad {
  /** Size of the batch being filled, the new item included (items, or points for a time-series batch). */
  readonly pendingSize: number;
  /** A batch of this size is full. */
  readonly maxSize: number;
  /** Batches handed to the store and not yet settled. */
  readonly inFlight: number;
  /** Batches the store is given at once. */
  readonly maxInFlight: number;
}

/**
 * The adaptive batching wait (issue 22): a full batch goes now; while a slot is free it goes at the end of its
 * turn, so a lone message at low load waits for nothing; while every slot is busy the items pile up until a
 * batch ends, so batches grow with the load by themselves instead of after a fixed wait.
 */
export function chooseBatchDispatch(load: BatchLoad): BatchDispatch {
  if (load.pendingSize >= load.maxSize) return 'now';
  return load.inFlight < load.maxInFlight ? 'end-of-turn' : 'when-a-slot-frees';
}
