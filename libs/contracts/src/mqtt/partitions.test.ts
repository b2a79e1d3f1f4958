import { buildPartitionClientId, parsePartitionClientId, partitionOf } from './partitions';

describe('partitionOf', () => {
  it('is stable: the same device always lands in the same partition (values pinned)', () => {
    // Pinned: a change of these values moves devices between partitions (and their queued messages).
    expect(partitionOf('acme', 'thermostat-0042', 16)).toBe(10);
    expect(partitionOf('acme', 'd1', 16)).toBe(7);
    expect(partitionOf('a', 'b', 1 << 30)).toBe(982414785);
    expect(partitionOf('acme', 'd1', 1)).toBe(0);
  });

  it('spreads devices over the partitions roughly evenly', () => {
    const counts = [0, 0, 0, 0];
    for (let index = 0; index < 4000; index += 1) {
      const partition = partitionOf('acme', `device-${index}`, 4);
      counts[partition] = (counts[partition] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});

describe('partition client ids', () => {
  it('name the subscriber, the partition and the count, and read back', () => {
    const session = { base: 'service:fan-out', index: 2, count: 4 };
    expect(buildPartitionClientId(session)).toBe('service:fan-out-p2of4');
    expect(parsePartitionClientId('service:fan-out-p2of4')).toEqual(session);
  });

  it('a client id that names no partition session reads as none', () => {
    for (const clientId of [
      'service:fan-out',
      'service:fan-out-p1',
      'service:fan-out-p4of4',
      'd-p0of0',
      '-p0of1',
    ]) {
      expect(parsePartitionClientId(clientId)).toBeUndefined();
    }
  });
});
