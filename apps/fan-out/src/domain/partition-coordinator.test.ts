import {
  startPartitionCoordinator,
  type PartitionCoordinator,
  type PartitionWorkers,
} from './partition-coordinator';
import type { PartitionLeases } from './partition-leases';

/** Leases in memory with real expiry; `down` makes every call fail like an unreachable store. */
function createMemoryLeases(): PartitionLeases & { down: boolean; owners: Map<number, string> } {
  const leases = new Map<number, { owner: string; expiresAt: number }>();
  const members = new Map<string, number>();
  const state = { down: false };
  const live = (partition: number) => {
    const lease = leases.get(partition);
    return lease !== undefined && lease.expiresAt > Date.now() ? lease : undefined;
  };
  const guard = async <T>(run: () => T): Promise<T> => {
    await Promise.resolve();
    if (state.down) throw new Error('store unreachable');
    return run();
  };
  return {
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    get owners() {
      const owners = new Map<number, string>();
      for (const partition of leases.keys()) {
        const lease = live(partition);
        if (lease !== undefined) owners.set(partition, lease.owner);
      }
      return owners;
    },
    heartbeat: (ownerId, ttlMs) =>
      guard(() => {
        members.set(ownerId, Date.now() + ttlMs);
        for (const [owner, expiresAt] of members) if (expiresAt <= Date.now()) members.delete(owner);
        return members.size;
      }),
    leave: (ownerId) => guard(() => void members.delete(ownerId)),
    acquire: (partition, ownerId, ttlMs) =>
      guard(() => {
        if (live(partition) !== undefined) return false;
        leases.set(partition, { owner: ownerId, expiresAt: Date.now() + ttlMs });
        return true;
      }),
    renew: (partition, ownerId, ttlMs) =>
      guard(() => {
        if (live(partition)?.owner !== ownerId) return false;
        leases.set(partition, { owner: ownerId, expiresAt: Date.now() + ttlMs });
        return true;
      }),
    release: (partition, ownerId) =>
      guard(() => {
        if (live(partition)?.owner === ownerId) leases.delete(partition);
      }),
  };
}

/** Partitions running in any replica of a test, to catch two replicas running one partition at once. */
const runningAnywhere = new Set<number>();
const overlaps: number[] = [];

function createRecordingWorkers(): PartitionWorkers & { running: Set<number>; stops: [number, string][] } {
  const running = new Set<number>();
  const stops: [number, string][] = [];
  return {
    running,
    stops,
    start: (partition) => {
      if (runningAnywhere.has(partition)) overlaps.push(partition);
      runningAnywhere.add(partition);
      running.add(partition);
    },
    stop: (partition, mode) => {
      if (running.delete(partition)) {
        runningAnywhere.delete(partition);
        stops.push([partition, mode]);
      }
      return Promise.resolve();
    },
  };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('partition coordinator', () => {
  const leaseTtlMs = 300;
  const coordinators: PartitionCoordinator[] = [];
  const start = (
    leases: PartitionLeases,
    workers: PartitionWorkers,
    ownerId: string,
  ): PartitionCoordinator => {
    const coordinator = startPartitionCoordinator({
      leases,
      workers,
      partitionCount: 4,
      ownerId,
      leaseTtlMs,
      onError: () => undefined,
    });
    coordinators.push(coordinator);
    return coordinator;
  };
  afterEach(async () => {
    await Promise.all(coordinators.splice(0).map((coordinator) => coordinator.stop()));
    // Never two replicas forwarding one partition (they would fight over its MQTT client id).
    expect(overlaps.splice(0)).toEqual([]);
    runningAnywhere.clear();
  });

  it('a single replica holds every partition', async () => {
    const workers = createRecordingWorkers();
    const coordinator = start(createMemoryLeases(), workers, 'a');
    await waitFor(() => coordinator.held().length === 4, 'four partitions');
    expect([...workers.running].sort()).toEqual([0, 1, 2, 3]);
  });

  it('when a second replica joins, the first gracefully hands over half of the partitions', async () => {
    const leases = createMemoryLeases();
    const first = createRecordingWorkers();
    const a = start(leases, first, 'a');
    await waitFor(() => a.held().length === 4, 'a holding four');
    const second = createRecordingWorkers();
    const b = start(leases, second, 'b');
    await waitFor(() => a.held().length === 2 && b.held().length === 2, 'two each');
    expect(first.stops.every(([, mode]) => mode === 'graceful')).toBe(true);
    expect(new Set([...a.held(), ...b.held()]).size).toBe(4);
  });

  it('when a replica is cut off from the store, the other takes its partitions over once the leases expire', async () => {
    const leases = createMemoryLeases();
    const cutOff = { a: false };
    // Replica a's view of the store: failing once it is cut off, like a network partition or a hung process.
    const viewOfA = Object.fromEntries(
      Object.entries(leases).map(([name, call]) => [
        name,
        (...args: never[]) =>
          cutOff.a ? Promise.reject(new Error('unreachable')) : (call as (...a: never[]) => unknown)(...args),
      ]),
    ) as unknown as PartitionLeases;
    const workersOfA = createRecordingWorkers();
    const a = start(viewOfA, workersOfA, 'a');
    const b = start(leases, createRecordingWorkers(), 'b');
    await waitFor(() => a.held().length === 2 && b.held().length === 2, 'two each');
    cutOff.a = true;
    await waitFor(() => b.held().length === 4, 'b holding four');
    expect(workersOfA.running.size).toBe(0);
  });

  it('a lease taken by someone else stops that partition at once', async () => {
    const leases = createMemoryLeases();
    const workers = createRecordingWorkers();
    const a = start(leases, workers, 'a');
    await waitFor(() => a.held().length === 4, 'four partitions');
    // As if a's lease had expired unnoticed and another replica took it.
    await leases.release(2, 'a');
    await leases.acquire(2, 'intruder', 10_000);
    await waitFor(() => !a.held().includes(2), 'partition 2 dropped');
    expect(workers.stops).toContainEqual([2, 'now']);
  });

  it('when the lease store is unreachable, the partitions stop before their leases can have expired', async () => {
    const leases = createMemoryLeases();
    const workers = createRecordingWorkers();
    const a = start(leases, workers, 'a');
    await waitFor(() => a.held().length === 4, 'four partitions');
    leases.down = true;
    const downAt = Date.now();
    await waitFor(() => workers.running.size === 0, 'every partition stopped');
    expect(Date.now() - downAt).toBeLessThan(leaseTtlMs);
    leases.down = false;
    await waitFor(() => a.held().length === 4, 'four partitions again');
  });
});
