import { Type, type Static } from 'typebox';
import { Id } from '../ids';
import { StateProperties } from '../mqtt/payloads';
import { ClaimCode, ClaimCodeInput } from './claim-codes';
import { VendorDeviceResponse } from './public-api-vendor-operations';

/**
 * public-api's device routes of claiming: owners claim devices into their homes, read, release and move
 * them; vendors provision devices with a claim code. Owners see the home a device is in; vendors only
 * whether it is claimed (which home is the owner's business).
 */
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const QrPayload = Type.String({
  description: 'The text of the QR code to print on the device or its box: `HOMEPORT:1:<claim code>`.',
});

const exampleCode = '7KQ21-0XH9P-D4TWA-ER3NV';
const exampleHomeId = '8f14e45f-ceea-467f-a0e6-0b8d3c1a2b4c';
const deviceExample = {
  id: 'sim-4k2q9x-0001',
  vendorId: 'acme',
  productId: 'thermostat',
  name: 'Living room',
  online: true,
  lastSeenAt: '2026-12-03T09:14:02.000Z',
  createdAt: '2026-12-01T08:00:00.000Z',
};

/** Path parameters of /v1/homes/{homeId}/devices/{deviceId}. */
export const HomeDeviceParams = Type.Object({ homeId: Uuid, deviceId: Id });

/** Path parameters of /v1/vendors/{vendorId}/devices. */
export const VendorDevicesParams = Type.Object({ vendorId: Id });

/** Paging of a home's devices: by id, `after` the previous page's `nextAfter`. */
export const HomeDeviceQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  after: Type.Optional(Id),
});
export type HomeDeviceQuery = Static<typeof HomeDeviceQuery>;

/** POST /v1/homes/{homeId}/devices/claim: the code from the device, its box or the previous owner. */
export const ClaimHomeDeviceRequest = Type.Object(
  { claimCode: ClaimCodeInput },
  {
    additionalProperties: false,
    examples: [{ claimCode: exampleCode }, { claimCode: `HOMEPORT:1:${exampleCode}` }],
  },
);
export type ClaimHomeDeviceRequest = Static<typeof ClaimHomeDeviceRequest>;

/** A device of one of the caller's homes, with its presence as the broker last saw it. */
export const HomeDeviceResponse = Type.Object(
  {
    id: Id,
    homeId: Uuid,
    vendorId: Id,
    productId: Id,
    name: Type.Union([Type.String(), Type.Null()]),
    online: Type.Boolean(),
    lastSeenAt: NullableTimestamp,
    createdAt: Timestamp,
  },
  { examples: [{ ...deviceExample, homeId: exampleHomeId }] },
);
export type HomeDeviceResponse = Static<typeof HomeDeviceResponse>;

/** A page of a home's devices. */
export const HomeDevicePage = Type.Object(
  { items: Type.Array(HomeDeviceResponse), nextAfter: Type.Optional(Id) },
  { examples: [{ items: [{ ...deviceExample, homeId: exampleHomeId }] }] },
);
export type HomeDevicePage = Static<typeof HomeDevicePage>;

/**
 * A device with its state: what it last reported, what is desired (its version is the ETag that `If-Match`
 * names), what differs, its presence and its product's features. The one representation of a device for its
 * home's members (GET /v1/devices/{deviceId} and GET /v1/homes/{homeId}/devices/{deviceId}).
 */
export const HomeDeviceStateResponse = Type.Object(
  {
    ...HomeDeviceResponse.properties,
    reported: Type.Union([Type.Object({ state: StateProperties, reportedAt: Timestamp }), Type.Null()]),
    desired: Type.Object({
      state: StateProperties,
      version: Type.Integer({ minimum: 0 }),
      updatedAt: NullableTimestamp,
    }),
    delta: StateProperties,
    presence: Type.Object({
      online: Type.Boolean(),
      since: Type.Union([Timestamp, Type.Null()], {
        description: 'When its connection began (online) or ended (offline), as the broker recorded it.',
      }),
      lastSeenAt: Type.Union([Timestamp, Type.Null()], {
        description: 'Its last sign of life: the later of `since` and its last reported state.',
      }),
    }),
    features: Type.Array(Type.String(), {
      description: "The product's features: the state properties and commands the device accepts.",
    }),
  },
  {
    examples: [
      {
        ...deviceExample,
        homeId: exampleHomeId,
        reported: {
          state: { temperature: 20.4, setpoint: 21, mode: 'heat', humidity: 41, battery: 87 },
          reportedAt: '2026-12-03T09:14:02.000Z',
        },
        desired: { state: { setpoint: 21 }, version: 3, updatedAt: '2026-12-03T08:00:00.000Z' },
        delta: {},
        presence: {
          online: true,
          since: '2026-12-03T07:58:40.000Z',
          lastSeenAt: '2026-12-03T09:14:02.000Z',
        },
        features: ['temperature', 'setpoint', 'mode', 'humidity', 'battery'],
      },
    ],
  },
);
export type HomeDeviceStateResponse = Static<typeof HomeDeviceStateResponse>;

/**
 * A device's new claim code, shown once: the releasing owner's to hand to the next owner (DELETE
 * /v1/homes/{homeId}/devices/{deviceId}), or the vendor's (POST /v1/vendors/{vendorId}/devices/{deviceId}/claim-code).
 */
export const DeviceClaimCodeResponse = Type.Object(
  { deviceId: Id, claimCode: ClaimCode, claimQrPayload: QrPayload },
  {
    examples: [
      { deviceId: deviceExample.id, claimCode: exampleCode, claimQrPayload: `HOMEPORT:1:${exampleCode}` },
    ],
  },
);
export type DeviceClaimCodeResponse = Static<typeof DeviceClaimCodeResponse>;

/** POST /v1/homes/{homeId}/devices/{deviceId}/move: to another home the caller owns. */
export const MoveHomeDeviceRequest = Type.Object(
  { homeId: Uuid },
  { additionalProperties: false, examples: [{ homeId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed' }] },
);
export type MoveHomeDeviceRequest = Static<typeof MoveHomeDeviceRequest>;

/** POST /v1/vendors/{vendorId}/devices: a device of one of the vendor's products, unclaimed. */
export const ProvisionVendorDeviceRequest = Type.Object(
  {
    productId: Id,
    id: Type.Optional(Id),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  {
    additionalProperties: false,
    examples: [{ productId: 'thermostat', id: 'th-000142', name: 'Thermostat' }],
  },
);
export type ProvisionVendorDeviceRequest = Static<typeof ProvisionVendorDeviceRequest>;

/** A provisioned device with its claim code and QR payload: the only answer that holds them. */
export const ProvisionedVendorDeviceResponse = Type.Object(
  { ...VendorDeviceResponse.properties, claimCode: ClaimCode, claimQrPayload: QrPayload },
  {
    examples: [
      {
        ...deviceExample,
        online: false,
        lastSeenAt: null,
        claimed: false,
        claimCode: exampleCode,
        claimQrPayload: `HOMEPORT:1:${exampleCode}`,
      },
    ],
  },
);
export type ProvisionedVendorDeviceResponse = Static<typeof ProvisionedVendorDeviceResponse>;

/** At most this many devices in one POST /v1/vendors/{vendorId}/devices/batch. */
export const maxProvisionBatchDevices = 1000;

/** POST /v1/vendors/{vendorId}/devices/batch: devices of the vendor's products, each as the single route takes it. */
export const ProvisionVendorDeviceBatchRequest = Type.Object(
  {
    devices: Type.Array(ProvisionVendorDeviceRequest, { minItems: 1, maxItems: maxProvisionBatchDevices }),
  },
  {
    additionalProperties: false,
    examples: [
      {
        devices: [
          { productId: 'thermostat', id: 'th-000142', name: 'Hall' },
          { productId: 'thermostat', id: 'th-000143' },
        ],
      },
    ],
  },
);
export type ProvisionVendorDeviceBatchRequest = Static<typeof ProvisionVendorDeviceBatchRequest>;

/** What became of one device of a batch (`index`: its place in the request): created, or refused with why. */
export const ProvisionBatchResult = Type.Union([
  Type.Object({
    index: Type.Integer({ minimum: 0 }),
    outcome: Type.Literal('created'),
    device: ProvisionedVendorDeviceResponse,
  }),
  Type.Object({
    index: Type.Integer({ minimum: 0 }),
    outcome: Type.Literal('refused'),
    code: Type.String({
      description: 'As the single route would answer it, e.g. DEVICE_EXISTS, PRODUCT_NOT_FOUND.',
    }),
    message: Type.String(),
  }),
]);
export type ProvisionBatchResult = Static<typeof ProvisionBatchResult>;

/** A batch's outcome, one result per requested device in the request's order; claim codes only here. */
export const ProvisionVendorDeviceBatchResponse = Type.Object(
  {
    created: Type.Integer({ minimum: 0 }),
    refused: Type.Integer({ minimum: 0 }),
    results: Type.Array(ProvisionBatchResult),
  },
  {
    examples: [
      {
        created: 1,
        refused: 1,
        results: [
          {
            index: 0,
            outcome: 'created',
            device: {
              ...deviceExample,
              id: 'th-000142',
              name: 'Hall',
              online: false,
              lastSeenAt: null,
              claimed: false,
              claimCode: exampleCode,
              claimQrPayload: `HOMEPORT:1:${exampleCode}`,
            },
          },
          { index: 1, outcome: 'refused', code: 'DEVICE_EXISTS', message: 'device th-000143 exists' },
        ],
      },
    ],
  },
);
export type ProvisionVendorDeviceBatchResponse = Static<typeof ProvisionVendorDeviceBatchResponse>;
