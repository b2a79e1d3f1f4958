import type { deviceCredentialIssuedV1, deviceDeletedV1, MessagePayload } from '@homeport/contracts';
import type { DeviceStateCache, DeviceStateStore } from './ports';

/** A device deleted from the registry (broker-api). */
export type DeviceDeleted = MessagePayload<typeof deviceDeletedV1>;

/** A device's new credential (broker-api). */
export type DeviceCredentialIssued = MessagePayload<typeof deviceCredentialIssuedV1>;

/**
 * Forgets a deleted device: its stored state is emptied (PostgreSQL), then the cached copy replaced by a
 * tombstone at the emptied state's revision, so neither a late cache write nor a late report of the old
 * device brings the state back. A redelivery does the same again with the same revision.
 */
export function createForgetDevice(deps: {
  readonly store: DeviceStateStore;
  readonly cache: DeviceStateCache;
}): (event: DeviceDeleted) => Promise<void> {
  return async ({ vendorId, deviceId, deletedAt }) => {
    const device = { vendorId, deviceId };
    const revision = await deps.store.forgetDevice(device, deletedAt);
    await deps.cache.forget(device, revision);
  };
}

/**
 * Starts a new order epoch at a new credential's issue time: the device's reports received from then on
 * outrank the earlier ones, so a `seq` pushed to its maximum under the old credential blocks nothing.
 */
export function createStartOrderEpoch(deps: {
  readonly store: DeviceStateStore;
}): (event: DeviceCredentialIssued) => Promise<void> {
  return ({ vendorId, deviceId, issuedAt }) => deps.store.startEpoch({ vendorId, deviceId }, issuedAt);
}
