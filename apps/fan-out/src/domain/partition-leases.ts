/**
 * Port: time-limited, exclusive leases on partitions, and the set of live replicas competing for them.
 * Implemented on Redis (`SET NX PX`); every call may reject when the store is unreachable.
 */
export interface PartitionLeases {
  /** Marks the owner alive for `ttlMs` and resolves with the number of live owners (itself included). */
  heartbeat(ownerId: string, ttlMs: number): Promise<number>;
  /** Removes the owner from the live set at once (a clean shutdown). */
  leave(ownerId: string): Promise<void>;
  /** Takes the partition's lease for `ttlMs` when nobody holds it; true when taken. */
  acquire(partition: number, ownerId: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease the owner holds; false when it is no longer the owner's (expired or taken). */
  renew(partition: number, ownerId: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, only when the owner still holds it. */
  release(partition: number, ownerId: string): Promise<void>;
}
