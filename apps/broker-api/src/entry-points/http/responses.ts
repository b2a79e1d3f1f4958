import { formatClaimCode } from '@homeport/contracts';
import type {
  CommandResponse,
  CredentialResponse,
  DesiredStateResponse,
  DeviceResponse,
  IssuedCredentialResponse,
  ProductResponse,
  ProvisionedDeviceResponse,
  ShadowResponse,
  VendorResponse,
} from '@homeport/contracts';
import { commandStateAt, type Command } from '../../domain/commands';
import type { Credential } from '../../domain/credentials';
import type { IssuedCredential } from '../../domain/credential-service';
import type { Device, Product, Vendor } from '../../domain/registry';
import type { Shadow } from '../../domain/shadow';
import { computeDelta } from '../../domain/state-document';

const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/** A vendor as the API shows it. */
export const toVendorResponse = (vendor: Vendor): VendorResponse => ({
  ...vendor,
  createdAt: iso(vendor.createdAt),
});

/** A product as the API shows it. */
export const toProductResponse = (product: Product): ProductResponse => ({
  ...product,
  features: [...product.features],
  assistantMapping: product.assistantMapping,
  createdAt: iso(product.createdAt),
});

/** A device as the API shows it. */
export const toDeviceResponse = (device: Device): DeviceResponse => ({
  ...device,
  historySince: isoOrNull(device.historySince),
  lastSeenAt: isoOrNull(device.lastSeenAt),
  createdAt: iso(device.createdAt),
});

/** A device with its claim code, grouped as printed (the only answer that holds it). */
export const toProvisionedDeviceResponse = ({
  device,
  claimCode,
}: {
  device: Device;
  claimCode: string;
}): ProvisionedDeviceResponse => ({ ...toDeviceResponse(device), claimCode: formatClaimCode(claimCode) });

/** A credential's metadata as the API shows it. */
export const toCredentialResponse = (credential: Credential): CredentialResponse => ({
  ...credential,
  createdAt: iso(credential.createdAt),
  revokedAt: isoOrNull(credential.revokedAt),
});

/** A new credential with its secret and the MQTT connection parameters (client id = username = device id). */
export const toIssuedCredentialResponse = ({
  credential,
  secret,
}: IssuedCredential): IssuedCredentialResponse => ({
  credentialId: credential.id,
  deviceId: credential.deviceId,
  secret,
  mqtt: { clientId: credential.deviceId, username: credential.deviceId },
  createdAt: iso(credential.createdAt),
});

/** A shadow's desired state as the API shows it. */
export const toDesiredStateResponse = (
  shadow: Pick<Shadow, 'deviceId' | 'desired'>,
): DesiredStateResponse => ({
  deviceId: shadow.deviceId,
  version: shadow.desired.version,
  state: shadow.desired.state,
  updatedAt: isoOrNull(shadow.desired.updatedAt),
});

/** A shadow with its delta as the API shows it. */
export const toShadowResponse = (shadow: Shadow): ShadowResponse => ({
  deviceId: shadow.deviceId,
  desired: toDesiredStateResponse(shadow),
  reported:
    shadow.reported === null
      ? null
      : {
          state: shadow.reported.state,
          seq: shadow.reported.seq,
          reportedAt: iso(shadow.reported.reportedAt),
        },
  delta: computeDelta(shadow.desired.state, shadow.reported?.state),
});

/** A command with its state now as the API shows it. */
export const toCommandResponse = (command: Command, now = new Date()): CommandResponse => ({
  id: command.id,
  deviceId: command.deviceId,
  name: command.name,
  params: command.params,
  status: commandStateAt(command, now),
  createdAt: iso(command.createdAt),
  expiresAt: iso(command.expiresAt),
  deliveredAt: isoOrNull(command.deliveredAt),
  ackedAt: isoOrNull(command.ackedAt),
  ack: command.ack,
});
