import type {
  CommandList,
  CommandResponse,
  CreateCommandRequest,
  DesiredStateResponse,
  RequestSource,
} from '@homeport/contracts';
import { AppError, isAppError } from '@homeport/errors';
import type { AuditEvent, AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import { checkCommandName, checkDesiredPatch } from './device-features';
import { canControlDevices, canManageDevices, canViewHome } from './home-policies';
import type { HomeRepository, HomeScope } from './homes';
import type {
  HomeDevice,
  HomeDevicesPage,
  HomeIds,
  OwnerDeviceFilter,
  OwnerDevices,
  OwnerDeviceWithState,
} from './owner-devices';

export type { OwnerDeviceWithState } from './owner-devices';

/** What the owner device use cases need. */
export interface OwnerDeviceServiceDeps {
  readonly homes: HomeRepository;
  readonly devices: OwnerDevices;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** Which version of the desired state a change applies to: the one the caller read, or any (`If-Match: *`). */
export type ExpectedVersion = number | 'any';

/** A device found in one of the caller's homes, with the caller's scope and the home's ids. */
interface Reached {
  readonly scope: HomeScope;
  readonly homeIds: HomeIds;
  readonly device: HomeDevice;
}

// As for homes: a device of a home the caller is not in is answered as a missing one.
const homeNotFound = () => new AppError('not_found', 'HOME_NOT_FOUND', 'no such home among yours');
const deviceNotFound = () => new AppError('not_found', 'DEVICE_NOT_FOUND', 'no such device in your homes');
const refused = (what: string) =>
  new AppError(
    'forbidden',
    'HOME_ROLE_INSUFFICIENT',
    `your role in the device's home does not allow ${what}`,
  );

/** Every home of the scope, or the one asked for when the caller is a member of it. */
function homeIdsIn(scope: HomeScope, homeId: string | undefined): HomeIds {
  if (homeId === undefined) return [...scope.roles.keys()];
  if (!canViewHome(scope, homeId)) throw homeNotFound();
  return [homeId];
}

/**
 * The devices of a person across their homes: list, read, rename, desired state and commands. Every call
 * starts from the caller's home ids, and every registry lookup is confined to them; changes are checked
 * against the product's features and the home policies, and audited once they succeeded.
 */
export function createOwnerDeviceService({ homes, devices, audit, clock }: OwnerDeviceServiceDeps) {
  const record = (caller: UserCaller, reached: Reached, event: Pick<AuditEvent, 'action' | 'details'>) =>
    audit.record({
      ...event,
      caller,
      at: clock.now(),
      outcome: 'succeeded',
      homeId: reached.device.ownerId,
      deviceId: reached.device.id,
      vendorId: reached.device.vendorId,
    });

  /** The device in one of the caller's homes (in `homeId` when given: another home's device is missing). */
  async function reach(caller: UserCaller, deviceId: string, homeId?: string): Promise<Reached> {
    const scope = await homes.loadScope(caller.userId);
    const homeIds = homeIdsIn(scope, homeId);
    const device = homeIds.length === 0 ? undefined : await devices.findInHomes(homeIds, deviceId);
    if (device === undefined) throw deviceNotFound();
    return { scope, homeIds, device };
  }

  async function reachToControl(caller: UserCaller, deviceId: string): Promise<Reached> {
    const reached = await reach(caller, deviceId);
    if (!canControlDevices(reached.scope, reached.device.ownerId)) throw refused('controlling its devices');
    return reached;
  }

  return {
    /** The devices of every home of the caller, or of one (`homeId`, 404 outside them). */
    async listDevices(
      caller: UserCaller,
      { homeId, ...filter }: OwnerDeviceFilter & { homeId?: string },
    ): Promise<HomeDevicesPage> {
      const homeIds = homeIdsIn(await homes.loadScope(caller.userId), homeId);
      return homeIds.length === 0 ? { items: [] } : devices.listInHomes(homeIds, filter);
    },

    /** The device with its state, in one registry read (the hot path of the apps). */
    async getDevice(caller: UserCaller, deviceId: string, homeId?: string): Promise<OwnerDeviceWithState> {
      const homeIds = homeIdsIn(await homes.loadScope(caller.userId), homeId);
      const found = homeIds.length === 0 ? undefined : await devices.findWithStateInHomes(homeIds, deviceId);
      if (found === undefined) throw deviceNotFound();
      return found;
    },

    /** Owners name the device (null clears the name). */
    async renameDevice(caller: UserCaller, deviceId: string, name: string | null): Promise<HomeDevice> {
      const reached = await reach(caller, deviceId);
      if (!canManageDevices(reached.scope, reached.device.ownerId)) throw refused('renaming its devices');
      const renamed = await devices.rename(reached.homeIds, deviceId, name);
      await record(caller, reached, { action: 'device.renamed', details: { name } });
      return renamed;
    },

    /**
     * Merges a JSON merge patch into the desired state at the version the caller read: 412
     * DESIRED_VERSION_MISMATCH when it moved on (details.version is the current one). `source`: the person
     * through an app (`owner`), or through a voice assistant (`assistant`).
     */
    async changeDesired(
      caller: UserCaller,
      deviceId: string,
      patch: Record<string, unknown>,
      expected: ExpectedVersion,
      source: Extract<RequestSource, 'owner' | 'assistant'> = 'owner',
    ): Promise<DesiredStateResponse> {
      const reached = await reachToControl(caller, deviceId);
      const [shadow, features] = await Promise.all([
        devices.getShadow(reached.homeIds, deviceId),
        devices.featuresOf(reached.device),
      ]);
      checkDesiredPatch(patch, features, shadow.reported?.state);
      const request = {
        state: patch,
        source,
        ...(expected !== 'any' && { expectedVersion: expected }),
      };
      let desired: DesiredStateResponse;
      try {
        desired = await devices.changeDesired(reached.homeIds, deviceId, 'merge', request);
      } catch (error) {
        if (isAppError(error) && error.code === 'DESIRED_VERSION_MISMATCH') {
          throw new AppError('precondition_failed', error.code, error.message, { details: error.details });
        }
        throw error;
      }
      const details = { mode: 'merge', version: desired.version, properties: Object.keys(patch) };
      await record(caller, reached, { action: 'desired.changed', details });
      return desired;
    },

    async sendCommand(
      caller: UserCaller,
      deviceId: string,
      request: CreateCommandRequest,
    ): Promise<CommandResponse> {
      const reached = await reachToControl(caller, deviceId);
      checkCommandName(request.name, await devices.featuresOf(reached.device));
      const command = await devices.sendCommand(reached.homeIds, deviceId, { ...request, source: 'owner' });
      await record(caller, reached, {
        action: 'command.sent',
        details: { commandId: command.id, name: command.name },
      });
      return command;
    },

    async listCommands(caller: UserCaller, deviceId: string): Promise<CommandList> {
      const { homeIds } = await reach(caller, deviceId);
      return devices.listCommands(homeIds, deviceId);
    },

    async getCommand(caller: UserCaller, deviceId: string, commandId: string): Promise<CommandResponse> {
      const { homeIds } = await reach(caller, deviceId);
      return devices.getCommand(homeIds, deviceId, commandId);
    },
  };
}

/** The owner device use cases. */
export type OwnerDeviceService = ReturnType<typeof createOwnerDeviceService>;
