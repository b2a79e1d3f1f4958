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
 * The device.changed event of a change, built from what the change wrote; the repository writes it in the
 * change's transaction (the outbox), so it is published if and only if the change commits.
 */
export type ChangeAnnouncement<T> = (written: T) => DeviceChangedEvent;

/** What a desired change says beyond that it happened: the properties it touched and who asked (analytics). */
export type DesiredChangeDetails = Pick<DeviceChangedEvent, 'properties' | 'source'>;

/** The event of `change`, made to the device at `address` now. */
export function describeDeviceChange(
  address: DeviceTopicAddress,
  change: Exclude<DeviceChangedEvent['change'], 'ownership'>,
  details: DesiredChangeDetails = {},
): DeviceChangedEvent {
  return { ...address, change, changedAt: Date.now(), ...details };
}

/** The event of the device at `address` belonging to `ownerId` now (null: released), for analytics' claims. */
export function describeOwnerChange(address: DeviceTopicAddress, ownerId: string | null): DeviceChangedEvent {
  return { ...address, change: 'ownership', ownerId, changedAt: Date.now() };
}

/**
 * Port: what the MQTT broker keeps under a device id beyond a connection: the retained messages on its
 * topics (desired state, presence) and its persistent session (subscriptions, queued messages). `forget`
 * removes them, so a device created with the id of a deleted one starts clean.
 */
export interface DeviceSessions {
  forget(address: DeviceTopicAddress): Promise<void>;
}
