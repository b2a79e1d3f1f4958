import { parsePartitionClientId, partitionOf, type DeviceTopic } from '@homeport/contracts';
import { servicePrefix } from './service-identity';

/**
 * Whether a message on a device's topic (`device`, from `parseDeviceTopic`; undefined for any other topic)
 * is queued for and delivered to the client `clientId`. A service's partition session
 * (`service:<name>-p{k}of{P}`, fan-out's partitioned mode) gets only the device messages of its partition:
 * it would drop the others, and each copy queued, delivered and acknowledged costs the broker as much as
 * the one the session keeps (P copies of every message). Everything else goes as subscribed.
 */
export function isDeliveredTo(clientId: string, device: DeviceTopic | undefined): boolean {
  if (device === undefined || !clientId.startsWith(servicePrefix)) return true;
  const session = parsePartitionClientId(clientId);
  return (
    session === undefined || partitionOf(device.vendorId, device.deviceId, session.count) === session.index
  );
}
