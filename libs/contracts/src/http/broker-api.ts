import { Type, type Static, type TSchema } from 'typebox';
import { Id } from '../ids';
import { AssistantMapping } from './assistant-mapping';
import { RequestSource } from '../request-source';
import { ClaimCode, ClaimCodeInput } from './claim-codes';
import { CommandAckPayload, StateProperties } from '../mqtt/payloads';

/**
 * The broker-api's internal HTTP API (registry, credentials, desired state, commands): request and response
 * bodies. Callers (public-api, operators) authenticate with `Authorization: Bearer <BROKER_API_TOKEN>`.
 * Times are ISO 8601 strings here; MQTT payloads use epoch milliseconds.
 */
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const DisplayName = Type.String({ minLength: 1, maxLength: 200 });
/** Same rule as state property names: a feature is a property a product's devices report or accept. */
const FeatureName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$' });

/** Path parameters of /vendors/:vendorId. */
export const VendorIdParams = Type.Object({ vendorId: Id });
/** Path parameters of /vendors/:vendorId/products/:productId. */
export const ProductIdParams = Type.Object({ vendorId: Id, productId: Id });
/** Path parameters of /devices/:deviceId. */
export const DeviceIdParams = Type.Object({ deviceId: Id });
/** Path parameters of /devices/:deviceId/credentials/:credentialId. */
export const CredentialIdParams = Type.Object({ deviceId: Id, credentialId: Id });
/** Path parameters of /devices/:deviceId/commands/:commandId. */
export const CommandIdParams = Type.Object({ deviceId: Id, commandId: Id });

/** Keyset pagination of list endpoints: items after the id `after`, in id order. */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  after: Type.Optional(Id),
});
export type PageQuery = Static<typeof PageQuery>;

/** A page of items; `nextAfter` is set when more items follow. */
function page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextAfter: Type.Optional(Id) });
}

/** POST /vendors: a device maker (a tenant). The id is chosen by the caller and appears in MQTT topics. */
export const CreateVendorRequest = Type.Object(
  { id: Id, name: DisplayName },
  { additionalProperties: false },
);
export type CreateVendorRequest = Static<typeof CreateVendorRequest>;

/** A vendor. */
export const VendorResponse = Type.Object({ id: Id, name: Type.String(), createdAt: Timestamp });
export type VendorResponse = Static<typeof VendorResponse>;
/** A page of vendors. */
export const VendorPage = page(VendorResponse);
export type VendorPage = Static<typeof VendorPage>;

/** POST /vendors/:vendorId/products: a device model with its feature set; the id is unique per vendor. */
export const CreateProductRequest = Type.Object(
  {
    id: Id,
    name: DisplayName,
    features: Type.Array(FeatureName, { uniqueItems: true, maxItems: 256, default: [] }),
  },
  { additionalProperties: false },
);
export type CreateProductRequest = Static<typeof CreateProductRequest>;

const NullableAssistantMapping = Type.Union([AssistantMapping, Type.Null()], {
  description: 'How its features map to voice-assistant capabilities; null: its devices are not exposed.',
});

/** A product. */
export const ProductResponse = Type.Object({
  vendorId: Id,
  id: Id,
  name: Type.String(),
  features: Type.Array(Type.String()),
  assistantMapping: NullableAssistantMapping,
  createdAt: Timestamp,
});
export type ProductResponse = Static<typeof ProductResponse>;
/** A page of products. */
export const ProductPage = page(ProductResponse);
export type ProductPage = Static<typeof ProductPage>;

const OwnerId = Type.String({
  minLength: 1,
  maxLength: 128,
  description: "The home the device belongs to (public-api's home id); set by a claim, null when unclaimed.",
});

/**
 * POST /devices: a device of a product, unclaimed (a claim gives it an owner). The id (also its MQTT client
 * id) is generated when omitted.
 */
export const CreateDeviceRequest = Type.Object(
  {
    id: Type.Optional(Id),
    vendorId: Id,
    productId: Id,
    name: Type.Optional(DisplayName),
  },
  { additionalProperties: false },
);
export type CreateDeviceRequest = Static<typeof CreateDeviceRequest>;

/**
 * PATCH /devices/:deviceId: set or clear (null) the owner or name. An operator's tool: changing the owner
 * voids the claim code (owners use claims, releases and transfers).
 */
export const UpdateDeviceRequest = Type.Object(
  {
    name: Type.Optional(Type.Union([DisplayName, Type.Null()])),
    ownerId: Type.Optional(Type.Union([OwnerId, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDeviceRequest = Static<typeof UpdateDeviceRequest>;

/**
 * A device search: a case-insensitive prefix of the device's id or name (`%` and `_` are plain characters).
 * 1-64 characters: an id is at most 64, and a longer prefix of a name narrows nothing a table needs.
 */
export const DeviceSearch = Type.String({
  minLength: 1,
  maxLength: 64,
  description:
    "Devices whose id or name starts with it, ignoring case ('th-0' finds th-0001 and 'TH-02 hall').",
});

/** GET /devices filters (all optional) plus paging. */
export const DeviceQuery = Type.Object({
  vendorId: Type.Optional(Id),
  productId: Type.Optional(Id),
  ownerId: Type.Optional(OwnerId),
  ownerIds: Type.Optional(
    Type.Array(OwnerId, {
      maxItems: 1000,
      description: 'Devices of any of these owners (repeat the parameter): the homes of one person.',
    }),
  ),
  online: Type.Optional(Type.Boolean()),
  claimed: Type.Optional(Type.Boolean({ description: 'With an owner (true) or without (false).' })),
  search: Type.Optional(DeviceSearch),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  after: Type.Optional(Id),
});
export type DeviceQuery = Static<typeof DeviceQuery>;

/** A device with its presence as the broker last saw it. */
export const DeviceResponse = Type.Object({
  id: Id,
  vendorId: Id,
  productId: Id,
  name: Type.Union([Type.String(), Type.Null()]),
  ownerId: Type.Union([Type.String(), Type.Null()]),
  historySince: Type.Union([Timestamp, Type.Null()], {
    description:
      "Since when its history and commands are its current (or next) home's to read: when a home last let " +
      "go of it (release, transfer); null while none has. A device passed on never shows the new home the old one's.",
  }),
  online: Type.Boolean(),
  lastSeenAt: NullableTimestamp,
  createdAt: Timestamp,
});
export type DeviceResponse = Static<typeof DeviceResponse>;
/** A page of devices. */
export const DevicePage = page(DeviceResponse);
export type DevicePage = Static<typeof DevicePage>;

/** POST /devices answers the device with its claim code: the only time the code is ever shown. */
export const ProvisionedDeviceResponse = Type.Object({ ...DeviceResponse.properties, claimCode: ClaimCode });
export type ProvisionedDeviceResponse = Static<typeof ProvisionedDeviceResponse>;

/** POST /devices/claims: the unclaimed device whose code this is now belongs to `ownerId` (a home). */
export const ClaimDeviceRequest = Type.Object(
  { claimCode: ClaimCodeInput, ownerId: OwnerId },
  { additionalProperties: false },
);
export type ClaimDeviceRequest = Static<typeof ClaimDeviceRequest>;

/** POST /devices/:deviceId/claim-code answers a new code (the previous one is void). */
export const IssuedClaimCodeResponse = Type.Object({ deviceId: Id, claimCode: ClaimCode });
export type IssuedClaimCodeResponse = Static<typeof IssuedClaimCodeResponse>;

/** POST /devices/:deviceId/release: the device owned by `ownerId` becomes unclaimed, with a new code. */
export const ReleaseDeviceRequest = Type.Object({ ownerId: OwnerId }, { additionalProperties: false });
export type ReleaseDeviceRequest = Static<typeof ReleaseDeviceRequest>;

/** POST /devices/:deviceId/transfer: the device owned by `fromOwnerId` now belongs to `toOwnerId`. */
export const TransferDeviceRequest = Type.Object(
  { fromOwnerId: OwnerId, toOwnerId: OwnerId },
  { additionalProperties: false },
);
export type TransferDeviceRequest = Static<typeof TransferDeviceRequest>;

/** A newly issued device credential: the only time the secret is ever shown. */
export const IssuedCredentialResponse = Type.Object({
  credentialId: Id,
  deviceId: Id,
  secret: Type.String({ description: 'MQTT password; shown once, stored only as a keyed hash.' }),
  mqtt: Type.Object({ clientId: Type.String(), username: Type.String() }),
  createdAt: Timestamp,
});
export type IssuedCredentialResponse = Static<typeof IssuedCredentialResponse>;

/** A credential's metadata (never its secret). */
export const CredentialResponse = Type.Object({
  id: Id,
  deviceId: Id,
  createdAt: Timestamp,
  revokedAt: NullableTimestamp,
});
export type CredentialResponse = Static<typeof CredentialResponse>;
/** A device's credentials, newest first. */
export const CredentialList = Type.Object({ items: Type.Array(CredentialResponse) });
export type CredentialList = Static<typeof CredentialList>;

/**
 * PUT /devices/:deviceId/desired replaces the desired state; PATCH merges into it (JSON merge patch,
 * RFC 7386: null removes a property). With `expectedVersion`, a concurrent change answers 409.
 */
export const DesiredStateRequest = Type.Object(
  { state: StateProperties, expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
export type DesiredStateRequest = Static<typeof DesiredStateRequest>;

/**
 * broker-api's PUT/PATCH /devices/:deviceId/desired: a DesiredStateRequest and who asked (`source`, carried on
 * device.changed.v1 for analytics). Public routes take DesiredStateRequest and set the source themselves.
 */
export const BrokerDesiredStateRequest = Type.Object(
  { ...DesiredStateRequest.properties, source: Type.Optional(RequestSource) },
  { additionalProperties: false },
);
export type BrokerDesiredStateRequest = Static<typeof BrokerDesiredStateRequest>;

/** A device's desired state (version 0 and an empty state before the first change). */
export const DesiredStateResponse = Type.Object({
  deviceId: Id,
  version: Type.Integer({ minimum: 0 }),
  state: StateProperties,
  updatedAt: NullableTimestamp,
});
export type DesiredStateResponse = Static<typeof DesiredStateResponse>;

/** GET /devices/:deviceId/shadow: desired, last reported (from state-workers) and their difference. */
export const ShadowResponse = Type.Object({
  deviceId: Id,
  desired: DesiredStateResponse,
  reported: Type.Union([
    Type.Object({
      state: StateProperties,
      seq: Type.Union([Type.Integer(), Type.Null()]),
      reportedAt: Timestamp,
    }),
    Type.Null(),
  ]),
  delta: StateProperties,
});
export type ShadowResponse = Static<typeof ShadowResponse>;

/**
 * GET /devices/:deviceId/view: the device, its shadow and its product's features in one answer, what an
 * owner's read of one device shows (public-api's one call per read).
 */
export const DeviceViewResponse = Type.Object({
  ...DeviceResponse.properties,
  productName: Type.String(),
  features: Type.Array(Type.String()),
  assistantMapping: NullableAssistantMapping,
  shadow: ShadowResponse,
});
export type DeviceViewResponse = Static<typeof DeviceViewResponse>;

/** POST /devices/:deviceId/commands: delivered at least once (QoS 1) until `ttlSeconds` runs out. */
export const CreateCommandRequest = Type.Object(
  {
    name: FeatureName,
    params: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
    ttlSeconds: Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600 }),
  },
  { additionalProperties: false },
);
export type CreateCommandRequest = Static<typeof CreateCommandRequest>;

/**
 * broker-api's POST /devices/:deviceId/commands: a CreateCommandRequest and who asked (`source`, kept with the
 * command and carried on device.command-finished.v1). Public routes take CreateCommandRequest.
 */
export const BrokerCreateCommandRequest = Type.Object(
  { ...CreateCommandRequest.properties, source: Type.Optional(RequestSource) },
  { additionalProperties: false },
);
export type BrokerCreateCommandRequest = Static<typeof BrokerCreateCommandRequest>;

/** Where a command is: pending, delivered (the device PUBACKed it), acknowledged with an outcome, or expired. */
export const CommandStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('delivered'),
  Type.Literal('accepted'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('rejected'),
  Type.Literal('expired'),
]);
export type CommandStatus = Static<typeof CommandStatus>;

/** A command and its acknowledgement. */
export const CommandResponse = Type.Object({
  id: Id,
  deviceId: Id,
  name: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  status: CommandStatus,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  deliveredAt: NullableTimestamp,
  ackedAt: NullableTimestamp,
  ack: Type.Union([CommandAckPayload, Type.Null()]),
});
export type CommandResponse = Static<typeof CommandResponse>;
/** A device's commands, newest first. */
export const CommandList = Type.Object({ items: Type.Array(CommandResponse) });
export type CommandList = Static<typeof CommandList>;
