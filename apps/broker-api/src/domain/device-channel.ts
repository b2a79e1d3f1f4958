import type {
  CommandPayload,
  DesiredStatePayload,
  DeviceTopicAddress,
  PresencePayload,
  StateDeltaPayload,
} from '@homeport/contracts';

/** What a device's topics carry from the cloud: desired state, delta, commands, and its presence. */
export interface DeviceChannel {
  /** QoS 1, retained: a device that was offline gets the latest desired state when it subscribes. */
  publishDesired(address: DeviceTopicAddress, payload: DesiredStatePayload): Promise<void>;
  /** QoS 1. */
  publishDelta(address: DeviceTopicAddress, payload: StateDeltaPayload): Promise<void>;
  /** QoS 1 to whoever is subscribed now (pending commands are also delivered on subscribe). */
  publishCommand(address: DeviceTopicAddress & { commandId: string }, payload: CommandPayload): Promise<void>;
  /** QoS 1, retained. */
  publishPresence(address: DeviceTopicAddress, payload: PresencePayload): Promise<void>;
}
