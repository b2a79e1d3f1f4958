import { AppError, isAppError } from '@homeport/errors';
import type { AuditEvent, AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import type { DeviceClaims, DevicePage, DeviceWithClaimCode, RegistryDevice } from './device-claims';
import { canManageDevices, canViewHome } from './home-policies';
import type { HomeRepository, HomeScope } from './homes';

/** What the home device use cases need. */
export interface HomeDeviceServiceDeps {
  readonly homes: HomeRepository;
  readonly devices: DeviceClaims;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

// One answer for a home that does not exist and one the caller is not a member of; likewise for devices.
const homeNotFound = () => new AppError('not_found', 'HOME_NOT_FOUND', 'no such home among yours');
const deviceNotFound = () => new AppError('not_found', 'DEVICE_NOT_FOUND', 'no such device in this home');
const ownersOnly = () =>
  new AppError('forbidden', 'HOME_ROLE_INSUFFICIENT', 'only owners of the home may do this');

/** Claiming, reading, releasing and moving the devices of a home; every call confined to the caller's homes. */
export function createHomeDeviceService({ homes, devices, audit, clock }: HomeDeviceServiceDeps) {
  const record = (caller: UserCaller, event: AuditEvent) =>
    audit.record({ ...event, caller, at: clock.now() });

  async function requireHome(caller: UserCaller, homeId: string): Promise<HomeScope> {
    const scope = await homes.loadScope(caller.userId);
    if (!canViewHome(scope, homeId)) throw homeNotFound();
    return scope;
  }

  async function requireOwnedHome(caller: UserCaller, homeId: string): Promise<HomeScope> {
    const scope = await requireHome(caller, homeId);
    if (!canManageDevices(scope, homeId)) throw ownersOnly();
    return scope;
  }

  return {
    /** Owners claim with the code; each attempt in a home of theirs is audited, refused ones too. */
    async claim(caller: UserCaller, homeId: string, claimCode: string): Promise<RegistryDevice> {
      const scope = await requireHome(caller, homeId);
      const refused = { action: 'device.claim-refused', outcome: 'refused', homeId } as const;
      if (!canManageDevices(scope, homeId)) {
        await record(caller, { ...refused, details: { reason: 'HOME_ROLE_INSUFFICIENT' } });
        throw ownersOnly();
      }
      try {
        const device = await devices.claim(homeId, claimCode);
        const { id: deviceId, vendorId } = device;
        await record(caller, { action: 'device.claimed', outcome: 'succeeded', homeId, deviceId, vendorId });
        return device;
      } catch (error) {
        if (isAppError(error) && error.code === 'CLAIM_CODE_INVALID') {
          await record(caller, { ...refused, details: { reason: error.code } });
        }
        throw error;
      }
    },

    async listDevices(caller: UserCaller, homeId: string, page: { limit: number; after?: string }) {
      await requireHome(caller, homeId);
      return devices.listInHome(homeId, page) satisfies Promise<DevicePage>;
    },

    /** The device leaves the home, unclaimed; the answer's new code is for its next owner. */
    async release(caller: UserCaller, homeId: string, deviceId: string): Promise<DeviceWithClaimCode> {
      await requireOwnedHome(caller, homeId);
      const released = await devices.release(homeId, deviceId);
      if (released === undefined) throw deviceNotFound();
      const { vendorId } = released.device;
      await record(caller, { action: 'device.released', outcome: 'succeeded', homeId, deviceId, vendorId });
      return released;
    },

    /** To another home the caller also owns. */
    async move(
      caller: UserCaller,
      homeId: string,
      deviceId: string,
      toHomeId: string,
    ): Promise<RegistryDevice> {
      const scope = await requireOwnedHome(caller, homeId);
      if (!canViewHome(scope, toHomeId)) throw homeNotFound();
      if (!canManageDevices(scope, toHomeId)) throw ownersOnly();
      const moved = await devices.move(homeId, deviceId, toHomeId);
      if (moved === undefined) throw deviceNotFound();
      await record(caller, {
        action: 'device.moved',
        outcome: 'succeeded',
        homeId,
        deviceId,
        vendorId: moved.vendorId,
        details: { fromHomeId: homeId, toHomeId },
      });
      return moved;
    },
  };
}

/** The home device use cases. */
export type HomeDeviceService = ReturnType<typeof createHomeDeviceService>;
