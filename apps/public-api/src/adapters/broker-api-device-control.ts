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

/**
 * Shadow, desired state and commands through broker-api's device routes, which are not scoped: every call
 * first finds the device inside the caller's scope (`find`) and only then touches it.
 */
export function createBrokerApiDeviceControl<Scope>(
  send: InternalApiSend,
  find: FindDeviceIn<Scope>,
): DeviceControl<Scope> {
  const below = sendBelowDeviceIn(send, find);
  return {
    getShadow: (scope, deviceId) => below<ShadowResponse>(scope, deviceId, 'GET', '/shadow'),
    getDesired: (scope, deviceId) => below<DesiredStateResponse>(scope, deviceId, 'GET', '/desired'),
    changeDesired: (scope, deviceId, mode, request) =>
      below<DesiredStateResponse>(scope, deviceId, mode === 'replace' ? 'PUT' : 'PATCH', '/desired', request),
    sendCommand: (scope, deviceId, request) =>
      below<CommandResponse>(scope, deviceId, 'POST', '/commands', request),
    listCommands: (scope, deviceId) => below<CommandList>(scope, deviceId, 'GET', '/commands'),
    getCommand: (scope, deviceId, commandId) =>
      below<CommandResponse>(scope, deviceId, 'GET', `/commands/${encodeURIComponent(commandId)}`),
  };
}
