import type {
  deviceChangedV1,
  deviceCredentialIssuedV1,
  deviceDeletedV1,
  deviceRegisteredV1,
  DeviceTopicAddress,
  MessagePayload,
} from '@homeport/contracts';

/** A device.deleted.v1 event. */
export type DeviceDeletedEvent = MessagePayload<typeof deviceDeletedV1>;

/** A device.registered.v1 event. */
export type DeviceRegisteredEvent = MessagePayload<typeof deviceRegisteredV1>;

/** A device.credential-issued.v1 event. */
export type CredentialIssuedEvent = MessagePayload<typeof deviceCredentialIssuedV1>;

/**
 * Port: where a device's creation, deletion and new credentials are announced (RabbitMQ; analytics counts
 * devices provisioned, state-workers forget the device's state, or start a new order epoch). Each resolves
 * once the broker confirmed the event: callers publish before they commit, so nothing committed goes
 * unannounced.
 */
export interface DeviceLifecycleEvents {
  deviceRegistered(event: DeviceRegisteredEvent): Promise<void>;
  deviceDeleted(event: DeviceDeletedEvent): Promise<void>;
  credentialIssued(event: CredentialIssuedEvent): Promise<void>;
}

/** A device.changed.v1 event. */
export type DeviceChangedEvent = MessagePayload<typeof deviceChangedV1>;

/**
 * Port: where a committed change of a device is announced (public-api drops its views of the device). Fire
 * and forget: the change stands whatever becomes of its announcement, which the adapter logs when it fails.
 */
export interface DeviceChangeAnnouncer {
  deviceChanged(event: DeviceChangedEvent): void;
}

/** What a desired change says beyond that it happened: the properties it touched and who asked (analytics). */
export type DesiredChangeDetails = Pick<DeviceChangedEvent, 'properties' | 'source'>;

/** Announces that `change` was made to the device at `address` now. */
export function announceDeviceChange(
  announcer: DeviceChangeAnnouncer,
  address: DeviceTopicAddress,
  change: Exclude<DeviceChangedEvent['change'], 'ownership'>,
  details: DesiredChangeDetails = {},
): void {
  announcer.deviceChanged({ ...address, change, changedAt: Date.now(), ...details });
}

/** Announces that the device at `address` belongs to `ownerId` now (null: released), for analytics' claims. */
export function announceOwnerChange(
  announcer: DeviceChangeAnnouncer,
  address: DeviceTopicAddress,
  ownerId: string | null,
): void {
  announcer.deviceChanged({ ...address, change: 'ownership', ownerId, changedAt: Date.now() });
}

/**
 * Port: what the MQTT broker keeps under a device id beyond a connection: the retained messages on its
 * topics (desired state, presence) and its persistent session (subscriptions, queued messages). `forget`
 * removes them, so a device created with the id of a deleted one starts clean.
 */
export interface DeviceSessions {
  forget(address: DeviceTopicAddress): Promise<void>;
}
