import type {
  CommandList,
  CommandResponse,
  DesiredStateResponse,
  DeviceResponse,
  ShadowResponse,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { DeviceControl } from '../domain/device-control';
import { brokerApiDevicePath as devicePath } from './broker-api-devices';
import type { InternalApiSend } from './internal-api-transport';

/** Finds a device inside a scope: undefined when it is missing or outside. */
export type FindDeviceIn<Scope> = (scope: Scope, deviceId: string) => Promise<DeviceResponse | undefined>;

/** The device inside the scope, else 404 DEVICE_NOT_FOUND in the words of a missing one. */
export function requireDeviceIn<Scope, Device extends DeviceResponse>(
  find: (scope: Scope, deviceId: string) => Promise<Device | undefined>,
) {
  return async (scope: Scope, deviceId: string): Promise<Device> => {
    const device = await find(scope, deviceId);
    if (device === undefined)
      throw new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${deviceId} not found`);
    return device;
  };
}

/** Calls broker-api `below` a device (`/shadow`, `/commands`, ...) once it is found inside the scope. */
export function sendBelowDeviceIn<Scope>(send: InternalApiSend, find: FindDeviceIn<Scope>) {
  const requireDevice = requireDeviceIn(find);
  return async <T>(
    scope: Scope,
    deviceId: string,
    method: Parameters<InternalApiSend>[0],
    below: string,
    body?: unknown,
  ): Promise<T> => {
    await requireDevice(scope, deviceId);
    return send<T>(method, devicePath(deviceId, below), { body });
  };
}

/** Where a scope's view of a device's commands starts (ISO time), or null for all of them. */
export type CommandsVisibleSince = (device: DeviceResponse) => string | null;

/**
 * Shadow, desired state and commands through broker-api's device routes, which are not scoped: every call
 * first finds the device inside the caller's scope (`find`) and only then touches it. Commands created
 * before `visibleSince` (those of a home the device was in before) are left out, and one asked for by
 * id is 404 COMMAND_NOT_FOUND.
 */
export function createBrokerApiDeviceControl<Scope>(
  send: InternalApiSend,
  find: FindDeviceIn<Scope>,
  visibleSince: CommandsVisibleSince = () => null,
): DeviceControl<Scope> {
  const below = sendBelowDeviceIn(send, find);
  const requireDevice = requireDeviceIn(find);
  const commandsPath = (deviceId: string, commandId?: string) =>
    devicePath(
      deviceId,
      commandId === undefined ? '/commands' : `/commands/${encodeURIComponent(commandId)}`,
    );
  const isVisible = (since: string | null) => {
    const sinceMs = since === null ? -Infinity : Date.parse(since);
    return (command: CommandResponse) => Date.parse(command.createdAt) >= sinceMs;
  };
  return {
    getShadow: (scope, deviceId) => below<ShadowResponse>(scope, deviceId, 'GET', '/shadow'),
    getDesired: (scope, deviceId) => below<DesiredStateResponse>(scope, deviceId, 'GET', '/desired'),
    changeDesired: (scope, deviceId, mode, request) =>
      below<DesiredStateResponse>(scope, deviceId, mode === 'replace' ? 'PUT' : 'PATCH', '/desired', request),
    sendCommand: (scope, deviceId, request) =>
      below<CommandResponse>(scope, deviceId, 'POST', '/commands', request),
    async listCommands(scope, deviceId) {
      const visible = isVisible(visibleSince(await requireDevice(scope, deviceId)));
      const list = await send<CommandList>('GET', commandsPath(deviceId));
      return { ...list, items: list.items.filter(visible) };
    },
    async getCommand(scope, deviceId, commandId) {
      const visible = isVisible(visibleSince(await requireDevice(scope, deviceId)));
      const command = await send<CommandResponse>('GET', commandsPath(deviceId, commandId));
      if (!visible(command))
        throw new AppError('not_found', 'COMMAND_NOT_FOUND', `command ${commandId} not found`);
      return command;
    },
  };
}
