import { AppError } from '@homeport/errors';
import { generateClaimCode, hashClaimCodeInput } from './claim-codes';
import { describeOwnerChange } from './device-lifecycle';
import type { Device, RegistryRepository } from './registry';

/** Claiming: an owner (a home of public-api) takes an unclaimed device with its code, releases or moves it. */
export interface ClaimService {
  /** The device whose code this is, now owned by `ownerId`; the code is void. */
  claim(input: { claimCode: string; ownerId: string }): Promise<Device>;
  /** A new code for an unclaimed device (the previous one is void); canonical form. */
  issueClaimCode(deviceId: string): Promise<string>;
  /** The device of `ownerId`, unclaimed again, with a new code for whoever gets it next. */
  release(deviceId: string, ownerId: string): Promise<{ device: Device; claimCode: string }>;
  /** The device of `fromOwnerId` now belongs to `toOwnerId`. */
  transfer(deviceId: string, fromOwnerId: string, toOwnerId: string): Promise<Device>;
}

// One answer for an unknown code, a used one and one of a claimed device: a guesser learns nothing.
const claimCodeInvalid = () =>
  new AppError('not_found', 'CLAIM_CODE_INVALID', 'no unclaimed device has this claim code');
const deviceNotFound = (deviceId: string) =>
  new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${deviceId} not found`);
const notTheOwners = (deviceId: string) =>
  new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${deviceId} not found among the owner's`);

/** Dependencies of the claim use cases. */
export interface ClaimServiceDeps {
  readonly repository: RegistryRepository;
}

/** The event of a device that changed hands (analytics' claims), committed with the change. */
const changedHands = (device: Device) =>
  describeOwnerChange({ vendorId: device.vendorId, deviceId: device.id }, device.ownerId);

/** Creates the claim use cases; each change is one conditional UPDATE, so concurrent claims cannot both win. */
export function createClaimService({ repository }: ClaimServiceDeps): ClaimService {
  return {
    async claim({ claimCode, ownerId }) {
      const hash = hashClaimCodeInput(claimCode);
      if (hash === undefined) throw claimCodeInvalid();
      const device = await repository.claimDevice(hash, ownerId, changedHands);
      if (device === undefined) throw claimCodeInvalid();
      return device;
    },
    async issueClaimCode(deviceId) {
      const next = generateClaimCode();
      const outcome = await repository.replaceClaimCode(deviceId, next.hash);
      if (outcome === undefined) throw deviceNotFound(deviceId);
      if (outcome === 'claimed') {
        throw new AppError(
          'conflict',
          'DEVICE_CLAIMED',
          `device ${deviceId} is claimed: its owner releases it, which answers a new code`,
        );
      }
      return next.code;
    },
    async release(deviceId, ownerId) {
      const next = generateClaimCode();
      const device = await repository.releaseDevice(deviceId, ownerId, next.hash, changedHands);
      if (device === undefined) throw notTheOwners(deviceId);
      return { device, claimCode: next.code };
    },
    async transfer(deviceId, fromOwnerId, toOwnerId) {
      const device = await repository.transferDevice(deviceId, fromOwnerId, toOwnerId, changedHands);
      if (device === undefined) throw notTheOwners(deviceId);
      return device;
    },
  };
}
