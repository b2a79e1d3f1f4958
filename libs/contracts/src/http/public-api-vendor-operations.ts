import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { Id } from '../ids';
import { assistantMappingExample } from './assistant-mapping';
import {
  CommandList,
  CommandResponse,
  CreateCommandRequest,
  CreateProductRequest,
  CredentialList,
  CredentialResponse,
  DesiredStateRequest,
  DesiredStateResponse,
  DeviceSearch,
  IssuedCredentialResponse,
  ProductPage,
  ProductResponse,
  ShadowResponse,
} from './broker-api';

/**
 * public-api's vendor operations (`/v1/vendors/{vendorId}/...`): a device maker's products, devices, their
 * credentials, desired state and commands, confined to its vendor. Bodies are broker-api's where they are the
 * same thing (re-declared here with examples for the OpenAPI document); a device differs: vendors see
 * whether it is `claimed`, never the home it belongs to.
 */
const Timestamp = Type.String({ format: 'date-time' });
const DisplayName = Type.String({ minLength: 1, maxLength: 200 });

/** The same object schema (its properties, closed or not) with examples for the OpenAPI document. */
function withExamples<P extends TProperties>(schema: TObject<P>, examples: readonly unknown[]): TObject<P> {
  const isClosed = (schema as { additionalProperties?: unknown }).additionalProperties === false;
  return Type.Object(schema.properties, { ...(isClosed && { additionalProperties: false }), examples });
}

/** Path parameters of /v1/vendors/:vendorId/products/:productId. */
export const VendorProductParams = Type.Object({ vendorId: Id, productId: Id });
/** Path parameters of /v1/vendors/:vendorId/devices/:deviceId and below. */
export const VendorDeviceParams = Type.Object({ vendorId: Id, deviceId: Id });
/** Path parameters of /v1/vendors/:vendorId/devices/:deviceId/credentials/:credentialId/revoke. */
export const VendorCredentialParams = Type.Object({ vendorId: Id, deviceId: Id, credentialId: Id });
/** Path parameters of /v1/vendors/:vendorId/devices/:deviceId/commands/:commandId. */
export const VendorCommandParams = Type.Object({ vendorId: Id, deviceId: Id, commandId: Id });

const productExample = {
  vendorId: 'acme',
  id: 'thermo-2',
  name: 'Thermostat 2',
  features: ['temperature', 'setpoint', 'mode'],
  assistantMapping: assistantMappingExample,
  createdAt: '2026-11-21T09:31:00.000Z',
};

/** POST /v1/vendors/{vendorId}/products: broker-api's CreateProductRequest. */
export const VendorCreateProductRequest = withExamples(CreateProductRequest, [
  { id: 'thermo-2', name: 'Thermostat 2', features: ['temperature', 'setpoint', 'mode'] },
]);
export type VendorCreateProductRequest = Static<typeof VendorCreateProductRequest>;
/** A product of the vendor. */
export const VendorProductResponse = withExamples(ProductResponse, [productExample]);
/** A page of the vendor's products (`nextAfter` when more follow). */
export const VendorProductPage = withExamples(ProductPage, [{ items: [productExample] }]);

const deviceExample = {
  id: 'thermo-0042',
  vendorId: 'acme',
  productId: 'thermo-2',
  name: 'Living room',
  claimed: true,
  online: true,
  lastSeenAt: '2026-11-21T10:02:13.000Z',
  createdAt: '2026-11-21T09:40:00.000Z',
};

/** A device as its vendor sees it: whether an owner claimed it, never which home it is in. */
export const VendorDeviceResponse = Type.Object(
  {
    id: Id,
    vendorId: Id,
    productId: Id,
    name: Type.Union([Type.String(), Type.Null()]),
    claimed: Type.Boolean({ description: 'True once an owner claimed it into a home.' }),
    online: Type.Boolean(),
    lastSeenAt: Type.Union([Timestamp, Type.Null()]),
    createdAt: Timestamp,
  },
  { examples: [deviceExample] },
);
export type VendorDeviceResponse = Static<typeof VendorDeviceResponse>;

/** A page of the vendor's devices in id order (`nextAfter` when more follow). */
export const VendorDevicePage = Type.Object(
  { items: Type.Array(VendorDeviceResponse), nextAfter: Type.Optional(Id) },
  { examples: [{ items: [deviceExample], nextAfter: 'thermo-0042' }] },
);
export type VendorDevicePage = Static<typeof VendorDevicePage>;

/** GET /v1/vendors/{vendorId}/devices: filters (all optional) and paging. */
export const VendorDeviceQuery = Type.Object(
  {
    productId: Type.Optional(Id),
    claimed: Type.Optional(Type.Boolean()),
    online: Type.Optional(Type.Boolean()),
    search: Type.Optional(DeviceSearch),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    after: Type.Optional(Id),
  },
  {
    additionalProperties: false,
    examples: [
      { productId: 'thermo-2', claimed: false, limit: 50 },
      { search: 'thermo-00', online: true },
    ],
  },
);
export type VendorDeviceQuery = Static<typeof VendorDeviceQuery>;

/** PATCH /v1/vendors/{vendorId}/devices/{deviceId}: the device's name (null clears it). */
export const RenameVendorDeviceRequest = Type.Object(
  { name: Type.Union([DisplayName, Type.Null()]) },
  { additionalProperties: false, examples: [{ name: 'Test bench 3' }] },
);
export type RenameVendorDeviceRequest = Static<typeof RenameVendorDeviceRequest>;

const credentialExample = {
  id: 'cred-7c1e4b2a9f3d4e6b8a0c5d7e9f1a3b5c',
  deviceId: 'thermo-0042',
  createdAt: '2026-11-21T09:41:00.000Z',
  revokedAt: null,
};

/** A newly issued credential: its secret is in this answer only. */
export const VendorIssuedCredentialResponse = withExamples(IssuedCredentialResponse, [
  {
    credentialId: 'cred-7c1e4b2a9f3d4e6b8a0c5d7e9f1a3b5c',
    deviceId: 'thermo-0042',
    secret: 'Xq9vT2mZ8rLw4Nc7Jd0Ks5Pb3Ye6Ua1HgFiR0tWyE2o',
    mqtt: { clientId: 'thermo-0042', username: 'thermo-0042' },
    createdAt: '2026-11-21T09:41:00.000Z',
  },
]);
/** A credential's metadata (never its secret). */
export const VendorCredentialResponse = withExamples(CredentialResponse, [credentialExample]);
/** A device's credentials, newest first. */
export const VendorCredentialList = withExamples(CredentialList, [{ items: [credentialExample] }]);

const desiredExample = {
  deviceId: 'thermo-0042',
  version: 7,
  state: { targetTemperature: 21.5, mode: 'heat' },
  updatedAt: '2026-11-21T10:00:00.000Z',
};

/** PUT (replace) and PATCH (JSON merge patch) of the desired state, optionally at an expected version. */
export const VendorDesiredStateRequest = withExamples(DesiredStateRequest, [
  { state: { targetTemperature: 21.5 }, expectedVersion: 6 },
]);
export type VendorDesiredStateRequest = Static<typeof VendorDesiredStateRequest>;
/** A device's desired state and its version. */
export const VendorDesiredStateResponse = withExamples(DesiredStateResponse, [desiredExample]);
/** Desired, last reported and their difference. */
export const VendorShadowResponse = withExamples(ShadowResponse, [
  {
    deviceId: 'thermo-0042',
    desired: desiredExample,
    reported: {
      state: { temperature: 19.8, targetTemperature: 20, mode: 'heat' },
      seq: 1842,
      reportedAt: '2026-11-21T10:02:13.000Z',
    },
    delta: { targetTemperature: 21.5 },
  },
]);

const commandExample = {
  id: 'cmd-5e1f0a2b3c4d4e5f8a9b0c1d2e3f4a5b',
  deviceId: 'thermo-0042',
  name: 'reboot',
  params: { delaySeconds: 5 },
  status: 'pending' as const,
  createdAt: '2026-11-21T10:05:00.000Z',
  expiresAt: '2026-11-21T11:05:00.000Z',
  deliveredAt: null,
  ackedAt: null,
  ack: null,
};

/** POST /v1/vendors/{vendorId}/devices/{deviceId}/commands. */
export const VendorCreateCommandRequest = withExamples(CreateCommandRequest, [
  { name: 'reboot', params: { delaySeconds: 5 }, ttlSeconds: 3600 },
]);
export type VendorCreateCommandRequest = Static<typeof VendorCreateCommandRequest>;
/** A command and its acknowledgement. */
export const VendorCommandResponse = withExamples(CommandResponse, [commandExample]);
/** A device's commands, newest first. */
export const VendorCommandList = withExamples(CommandList, [{ items: [commandExample] }]);
