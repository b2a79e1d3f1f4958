import type { devicePresenceV1, DeviceTopicAddress, MessagePayload } from '@homeport/contracts';
import type { DeviceChannel } from './device-channel';

/** A device.presence.v1 event. */
export type PresenceEvent = MessagePayload<typeof devicePresenceV1>;

/** How a connection ended: the device sent DISCONNECT (or the broker closed it), or the connection was lost. */
export type DisconnectReason = 'disconnected' | 'connection_lost';

/** Online status and last-seen time in the registry. */
export interface PresenceRepository {
  /** Records this connection as the device's current one, unless a newer one is recorded; false when ignored. */
  markOnline(deviceId: string, connectionId: string, at: Date): Promise<boolean>;
  /** Marks the device offline if this connection is still its current one; false when ignored (taken over). */
  markOffline(deviceId: string, connectionId: string, at: Date): Promise<boolean>;
}

/** Where presence events go (RabbitMQ). */
export interface PresenceEvents {
  publish(event: PresenceEvent): Promise<void>;
}

/** Presence use cases: the registry, the platform event and the device's retained presence topic. */
export interface PresenceService {
  connected(address: DeviceTopicAddress, connectionId: string, at: Date): Promise<void>;
  disconnected(
    address: DeviceTopicAddress,
    connectionId: string,
    reason: DisconnectReason,
    at: Date,
  ): Promise<void>;
}

/**
 * Creates the presence use cases. A connection taken over by a newer one (same client id, any replica) ends
 * without an offline event: the registry only follows the device's current connection.
 */
export function createPresenceService(deps: {
  repository: PresenceRepository;
  events: PresenceEvents;
  channel: DeviceChannel;
}): PresenceService {
  const announce = async (event: PresenceEvent): Promise<void> => {
    const address = { vendorId: event.vendorId, deviceId: event.deviceId };
    await Promise.all([
      deps.events.publish(event),
      deps.channel.publishPresence(address, { status: event.status, at: event.at }),
    ]);
  };
  const ids = (address: DeviceTopicAddress) => ({ vendorId: address.vendorId, deviceId: address.deviceId });
  return {
    async connected(address, connectionId, at) {
      if (!(await deps.repository.markOnline(address.deviceId, connectionId, at))) return;
      await announce({ ...ids(address), status: 'online', reason: 'connected', at: at.getTime() });
    },
    async disconnected(address, connectionId, reason, at) {
      if (!(await deps.repository.markOffline(address.deviceId, connectionId, at))) return;
      await announce({ ...ids(address), status: 'offline', reason, at: at.getTime() });
    },
  };
}
