import type { devicePresenceV1, DeviceTopicAddress, MessagePayload } from '@homeport/contracts';
import type { DeviceChannel } from './device-channel';

/** A device.presence.v1 event. */
export type PresenceEvent = MessagePayload<typeof devicePresenceV1>;

/** How a connection ended: the device sent DISCONNECT (or the broker closed it), or the connection was lost. */
export type DisconnectReason = 'disconnected' | 'connection_lost';

/** A presence change the registry recorded, with the device's home at that moment (null: unclaimed). */
export interface RecordedPresence {
  readonly ownerId: string | null;
}

/** A connection the registry recorded as the device's current one. */
export interface RecordedConnection extends RecordedPresence {
  /** The registry had the device online already: taken over, or back before its lost connection was announced. */
  readonly wasOnline: boolean;
}

/** Online status and last-seen time in the registry. */
export interface PresenceRepository {
  /** Records this connection as the device's current one, unless a newer one is recorded; undefined when ignored. */
  markOnline(deviceId: string, connectionId: string, at: Date): Promise<RecordedConnection | undefined>;
  /** Marks the device offline if this connection is still its current one; undefined when ignored (taken over). */
  markOffline(deviceId: string, connectionId: string, at: Date): Promise<RecordedPresence | undefined>;
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
 * Creates the presence use cases. Events announce changes of the registry's status:
 * - a connection taken over by a newer one (same client id, any replica) ends without an offline event, as
 *   the registry only follows the device's current connection;
 * - a connection made while the registry has the device online (a takeover, or a device back within the
 *   grace of its lost connection, lost-connections.ts) comes without an online one.
 * The event carries the device's home as the registry recorded it, so consumers routing it to the home need
 * not read the device (in a reconnect storm, one read of broker-api per device).
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
      const recorded = await deps.repository.markOnline(address.deviceId, connectionId, at);
      if (recorded === undefined || recorded.wasOnline) return;
      const { ownerId } = recorded;
      await announce({ ...ids(address), status: 'online', reason: 'connected', at: at.getTime(), ownerId });
    },
    async disconnected(address, connectionId, reason, at) {
      const recorded = await deps.repository.markOffline(address.deviceId, connectionId, at);
      if (recorded === undefined) return;
      await announce({
        ...ids(address),
        status: 'offline',
        reason,
        at: at.getTime(),
        ownerId: recorded.ownerId,
      });
    },
  };
}
