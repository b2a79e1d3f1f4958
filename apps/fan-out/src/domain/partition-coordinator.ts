import type { PartitionLeases } from './partition-leases';

/** Starts and stops the work of one partition (its MQTT session). */
export interface PartitionWorkers {
  /** Starts forwarding the partition; called once the lease is held. */
  start(partition: number): void;
  /** `graceful`: finish the message in hand first; `now`: the lease is gone, stop at once. Idempotent. */
  stop(partition: number, mode: 'graceful' | 'now'): Promise<void>;
}

/** What the coordinator needs. */
export interface PartitionCoordinatorDeps {
  readonly leases: PartitionLeases;
  readonly workers: PartitionWorkers;
  readonly partitionCount: number;
  readonly ownerId: string;
  readonly leaseTtlMs: number;
  /** A lease store failure (logged; the coordinator keeps going). */
  readonly onError: (error: unknown) => void;
}

/** A running coordinator. */
export interface PartitionCoordinator {
  /** Partitions this replica holds and forwards, ascending. */
  held(): number[];
  /** Stops every partition gracefully, gives the leases up and leaves the live set. */
  stop(): Promise<void>;
}

interface HeldLease {
  /** Fires when the lease may be about to expire in the store (renewals failed or hang). */
  expiry: NodeJS.Timeout | undefined;
  /** Being handed back: its partition is stopping gracefully, the lease is renewed until then. */
  releasing: boolean;
}

/** The leases a replica holds, each with a timer that drops it before the store's expiry. */
function createLeaseBook(safeTtlMs: number, onExpired: (partition: number, lease: HeldLease) => void) {
  const held = new Map<number, HeldLease>();
  const arm = (partition: number, lease: HeldLease, sentAt: number): void => {
    clearTimeout(lease.expiry);
    lease.expiry = setTimeout(
      () => {
        onExpired(partition, lease);
      },
      sentAt + safeTtlMs - Date.now(),
    );
  };
  return {
    held,
    add(partition: number, sentAt: number): void {
      const lease: HeldLease = { expiry: undefined, releasing: false };
      arm(partition, lease, sentAt);
      held.set(partition, lease);
    },
    /** The store confirmed a renewal sent at `sentAt`. */
    extend: arm,
    /** Forgets the lease unless it was replaced meanwhile; true when it was the current one. */
    remove(partition: number, lease: HeldLease): boolean {
      if (held.get(partition) !== lease) return false;
      clearTimeout(lease.expiry);
      held.delete(partition);
      return true;
    },
    active: () => [...held].filter(([, lease]) => !lease.releasing),
  };
}

/**
 * Holds a fair share of the partitions: every `leaseTtlMs / 3` it renews its leases, stops at once any
 * partition whose lease is lost (or may expire: a timer per lease, so a hanging store call cannot delay it),
 * and moves toward ceil(partitions / live replicas): releasing extras gracefully, acquiring free partitions.
 */
export function startPartitionCoordinator(deps: PartitionCoordinatorDeps): PartitionCoordinator {
  const { leases, workers, ownerId, leaseTtlMs: ttlMs, partitionCount } = deps;
  // Counted from when the request was sent (the store starts its TTL later), less a margin for the stop
  // itself and for clocks running at different rates.
  const book = createLeaseBook(Math.floor(ttlMs * 0.8), (partition, lease) => {
    drop(partition, lease);
  });
  const state = {
    stopped: false,
    timer: undefined as NodeJS.Timeout | undefined,
    running: Promise.resolve(),
  };

  const drop = (partition: number, lease: HeldLease): void => {
    if (book.remove(partition, lease)) void workers.stop(partition, 'now');
  };
  const renewAll = async (): Promise<void> => {
    for (const [partition, lease] of book.held) {
      const sentAt = Date.now();
      const renewed = await leases.renew(partition, ownerId, ttlMs).catch((error: unknown) => {
        deps.onError(error);
        return undefined;
      });
      if (renewed === true) book.extend(partition, lease, sentAt);
      else if (renewed === false) drop(partition, lease);
    }
  };
  const release = (partition: number, lease: HeldLease): void => {
    lease.releasing = true;
    void workers
      .stop(partition, 'graceful')
      .then(() => leases.release(partition, ownerId))
      .catch(deps.onError)
      .finally(() => book.remove(partition, lease));
  };
  const acquireUpTo = async (target: number): Promise<void> => {
    const offset = hashOwner(ownerId) % partitionCount;
    for (let step = 0; step < partitionCount && book.active().length < target && !state.stopped; step += 1) {
      const partition = (offset + step) % partitionCount;
      if (book.held.has(partition)) continue;
      const sentAt = Date.now();
      if (await leases.acquire(partition, ownerId, ttlMs)) {
        book.add(partition, sentAt);
        workers.start(partition);
      }
    }
  };
  const balance = async (): Promise<void> => {
    const members = await leases.heartbeat(ownerId, ttlMs);
    const target = Math.ceil(partitionCount / Math.max(1, members));
    for (const [partition, lease] of book.active().slice(target)) release(partition, lease);
    await acquireUpTo(target);
  };
  const loop = (): void => {
    state.running = renewAll()
      .then(() => (state.stopped ? undefined : balance().catch(deps.onError)))
      .finally(() => {
        if (!state.stopped) state.timer = setTimeout(loop, Math.max(1, Math.floor(ttlMs / 3)));
      });
  };
  loop();

  return {
    held: () => [...book.held.keys()].sort((a, b) => a - b),
    async stop() {
      state.stopped = true;
      clearTimeout(state.timer);
      await state.running;
      const held = [...book.held];
      for (const [partition, lease] of held) book.remove(partition, lease);
      await Promise.all(held.map(([partition]) => workers.stop(partition, 'graceful')));
      for (const [partition] of held) await leases.release(partition, ownerId).catch(deps.onError);
      await leases.leave(ownerId).catch(deps.onError);
    },
  };
}

/** Spreads where replicas start looking, so two replicas rarely race for the same partition. */
function hashOwner(ownerId: string): number {
  let hash = 0;
  for (const char of ownerId) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash;
}
