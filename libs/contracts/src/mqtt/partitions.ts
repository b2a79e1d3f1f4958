/**
 * Partition sessions: one subscriber of the whole device stream split into `count` persistent MQTT sessions
 * (fan-out's partitioned mode, for brokers without shared subscriptions). Session `index` forwards the
 * devices with `partitionOf(vendorId, deviceId, count) === index`.
 */
export interface PartitionSession {
  /** The subscriber's own client id, e.g. `service:fan-out`. */
  readonly base: string;
  readonly index: number;
  readonly count: number;
}

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

/**
 * `{base}-p{index}of{count}`. The count is part of the name: a broker can tell from the client id alone which
 * devices the session forwards (broker-api queues and delivers it only those), and another count means other
 * sessions, never two splits mixed in one session's queue.
 */
export function buildPartitionClientId(session: PartitionSession): string {
  return `${session.base}-p${session.index}of${session.count}`;
}

const partitionClientId = /^(.+)-p(\d{1,4})of(\d{1,4})$/;

/** The partition session a client id names, or undefined when it names none. */
export function parsePartitionClientId(clientId: string): PartitionSession | undefined {
  const match = partitionClientId.exec(clientId);
  if (match === null) return undefined;
  const [, base, index, count] = match;
  const session = { base: base ?? '', index: Number(index), count: Number(count) };
  return session.count >= 1 && session.index < session.count ? session : undefined;
}
