import type {
  CommandList,
  CommandResponse,
  CreateCommandRequest,
  CredentialList,
  CredentialResponse,
  DesiredStateRequest,
  DesiredStateResponse,
  IssuedCredentialResponse,
  ShadowResponse,
  VendorDevicePage,
  VendorDeviceQuery,
  VendorDeviceResponse,
} from '@homeport/contracts';
import type { AuditEvent, AuditLog } from './audit';
import type { Caller } from './callers';
import type { Clock } from './clock';
import type { VendorDevices } from './vendor-devices';
import type { VendorAccess } from './vendor-access';

/** What the vendor device use cases need. */
export interface VendorDeviceServiceDeps {
  readonly devices: VendorDevices;
  /** Every operation starts with `access.requireOperator` (404 VENDOR_NOT_FOUND outside the caller's reach). */
  readonly access: VendorAccess;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

const defaultPageLimit = 100;

/**
 * A vendor's devices, their credentials, desired state and commands: each call first checks the caller
 * operates the vendor (404 VENDOR_NOT_FOUND), then reaches the device only as one of that vendor's
 * (VendorDevices: 404 DEVICE_NOT_FOUND otherwise). Changes are audited once they succeeded.
 */
export function createVendorDeviceService(deps: VendorDeviceServiceDeps) {
  const { devices, access, audit, clock } = deps;
  const record = (caller: Caller, event: Omit<AuditEvent, 'outcome'>) =>
    audit.record({ caller, at: clock.now(), outcome: 'succeeded', ...event });

  return {
    async listDevices(caller: Caller, vendorId: string, query: VendorDeviceQuery): Promise<VendorDevicePage> {
      await access.requireOperator(caller, vendorId);
      const { limit = defaultPageLimit, ...filter } = query;
      return devices.listDevices(vendorId, { ...filter, limit });
    },

    async getDevice(caller: Caller, vendorId: string, deviceId: string): Promise<VendorDeviceResponse> {
      await access.requireOperator(caller, vendorId);
      return devices.getDevice(vendorId, deviceId);
    },

    async renameDevice(
      caller: Caller,
      vendorId: string,
      deviceId: string,
      name: string | null,
    ): Promise<VendorDeviceResponse> {
      await access.requireOperator(caller, vendorId);
      return devices.renameDevice(vendorId, deviceId, name);
    },

    async deleteDevice(caller: Caller, vendorId: string, deviceId: string): Promise<void> {
      await access.requireOperator(caller, vendorId);
      await devices.deleteDevice(vendorId, deviceId);
      await record(caller, { action: 'device.deleted', vendorId, deviceId });
    },

    async issueCredential(
      caller: Caller,
      vendorId: string,
      deviceId: string,
      how: 'issue' | 'rotate',
    ): Promise<IssuedCredentialResponse> {
      await access.requireOperator(caller, vendorId);
      const issued =
        how === 'issue'
          ? await devices.issueCredential(vendorId, deviceId)
          : await devices.rotateCredential(vendorId, deviceId);
      const action = how === 'issue' ? 'credential.issued' : 'credential.rotated';
      await record(caller, { action, vendorId, deviceId, details: { credentialId: issued.credentialId } });
      return issued;
    },

    async revokeCredential(
      caller: Caller,
      vendorId: string,
      deviceId: string,
      credentialId: string,
    ): Promise<CredentialResponse> {
      await access.requireOperator(caller, vendorId);
      const revoked = await devices.revokeCredential(vendorId, deviceId, credentialId);
      await record(caller, { action: 'credential.revoked', vendorId, deviceId, details: { credentialId } });
      return revoked;
    },

    async listCredentials(caller: Caller, vendorId: string, deviceId: string): Promise<CredentialList> {
      await access.requireOperator(caller, vendorId);
      return devices.listCredentials(vendorId, deviceId);
    },

    async getShadow(caller: Caller, vendorId: string, deviceId: string): Promise<ShadowResponse> {
      await access.requireOperator(caller, vendorId);
      return devices.getShadow(vendorId, deviceId);
    },

    async getDesired(caller: Caller, vendorId: string, deviceId: string): Promise<DesiredStateResponse> {
      await access.requireOperator(caller, vendorId);
      return devices.getDesired(vendorId, deviceId);
    },

    async changeDesired(
      caller: Caller,
      vendorId: string,
      deviceId: string,
      mode: 'replace' | 'merge',
      request: DesiredStateRequest,
    ): Promise<DesiredStateResponse> {
      await access.requireOperator(caller, vendorId);
      const desired = await devices.changeDesired(vendorId, deviceId, mode, { ...request, source: 'vendor' });
      const details = { mode, version: desired.version, properties: Object.keys(request.state) };
      await record(caller, { action: 'desired.changed', vendorId, deviceId, details });
      return desired;
    },

    async sendCommand(
      caller: Caller,
      vendorId: string,
      deviceId: string,
      request: CreateCommandRequest,
    ): Promise<CommandResponse> {
      await access.requireOperator(caller, vendorId);
      const command = await devices.sendCommand(vendorId, deviceId, { ...request, source: 'vendor' });
      const details = { commandId: command.id, name: command.name };
      await record(caller, { action: 'command.sent', vendorId, deviceId, details });
      return command;
    },

    async listCommands(caller: Caller, vendorId: string, deviceId: string): Promise<CommandList> {
      await access.requireOperator(caller, vendorId);
      return devices.listCommands(vendorId, deviceId);
    },

    async getCommand(
      caller: Caller,
      vendorId: string,
      deviceId: string,
      commandId: string,
    ): Promise<CommandResponse> {
      await access.requireOperator(caller, vendorId);
      return devices.getCommand(vendorId, deviceId, commandId);
    },
  };
}

/** The vendor device use cases. */
export type VendorDeviceService = ReturnType<typeof createVendorDeviceService>;
