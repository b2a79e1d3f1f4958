import { buildPartitionClientId, partitionOf } from '@homeport/contracts';
import { isDeliveredTo } from './partition-delivery';

const devices = Array.from({ length: 40 }, (_, index) => ({ vendorId: 'acme', deviceId: `sensor-${index}` }));
const session = (index: number) => buildPartitionClientId({ base: 'service:fan-out', index, count: 4 });

describe('isDeliveredTo', () => {
  it("a service's partition session gets exactly the device messages of its partition", () => {
    for (const device of devices) {
      const topic = { kind: 'reported' as const, ...device };
      const receivers = [0, 1, 2, 3].filter((index) => isDeliveredTo(session(index), topic));
      expect(receivers).toEqual([partitionOf(device.vendorId, device.deviceId, 4)]);
    }
  });

  it('devices, services without partitions and topics outside the device tree get everything they subscribed to', () => {
    const topic = { kind: 'telemetry' as const, ...devices[0]! };
    expect(isDeliveredTo('sensor-7-p1of4', topic)).toBe(true);
    expect(isDeliveredTo('service:fan-out', topic)).toBe(true);
    expect([0, 1, 2, 3].map((index) => isDeliveredTo(session(index), undefined))).not.toContain(false);
  });
});
