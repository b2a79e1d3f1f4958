import type {
  CommandList,
  CommandResponse,
  CreateCommandRequest,
  DesiredStateRequest,
  DesiredStateResponse,
  ShadowResponse,
} from '@homeport/contracts';

/**
 * A device's shadow, desired state and commands in the device registry (broker-api), reached only inside a
 * scope (a vendor id, a person's home ids): a device outside it is 404 DEVICE_NOT_FOUND exactly as a missing
 * one, so a forgotten check reaches nothing of anyone else.
 */
export interface DeviceControl<Scope> {
  getShadow(scope: Scope, deviceId: string): Promise<ShadowResponse>;
  getDesired(scope: Scope, deviceId: string): Promise<DesiredStateResponse>;
  /**
   * `replace` sets the state, `merge` applies a JSON merge patch (RFC 7396); 409 DESIRED_VERSION_MISMATCH when
   * `expectedVersion` moved on.
   */
  changeDesired(
    scope: Scope,
    deviceId: string,
    mode: 'replace' | 'merge',
    request: DesiredStateRequest,
  ): Promise<DesiredStateResponse>;
  sendCommand(scope: Scope, deviceId: string, request: CreateCommandRequest): Promise<CommandResponse>;
  listCommands(scope: Scope, deviceId: string): Promise<CommandList>;
  getCommand(scope: Scope, deviceId: string, commandId: string): Promise<CommandResponse>;
}
