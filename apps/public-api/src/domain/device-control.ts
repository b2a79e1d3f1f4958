import type {
  BrokerCreateCommandRequest,
  BrokerDesiredStateRequest,
  CommandList,
  CommandResponse,
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
   * `expectedVersion` moved on. `source` says who asked (analytics' feature usage).
   */
  changeDesired(
    scope: Scope,
    deviceId: string,
    mode: 'replace' | 'merge',
    request: BrokerDesiredStateRequest,
  ): Promise<DesiredStateResponse>;
  /** `source` says who asked (carried on the command's device.command-finished event). */
  sendCommand(scope: Scope, deviceId: string, request: BrokerCreateCommandRequest): Promise<CommandResponse>;
  listCommands(scope: Scope, deviceId: string): Promise<CommandList>;
  getCommand(scope: Scope, deviceId: string, commandId: string): Promise<CommandResponse>;
}
