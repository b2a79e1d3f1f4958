/**
 * The partition (0 .. count - 1) a device belongs to: FNV-1a (32 bit) of `{vendorId}/{deviceId}`, modulo
 * `count`. Stable across processes and versions: changing it moves devices between partitions.
 */
export function partitionOf(vendorId: string, deviceId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(`${vendorId}/${deviceId}`, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}
