import { Type, type Static } from 'typebox';
import { Id } from '../ids';
import { keyPattern } from '../mqtt/payloads';
import {
  VendorCommandList,
  VendorCommandResponse,
  VendorCreateCommandRequest,
  VendorDesiredStateResponse,
} from './public-api-vendor-operations';

/**
 * public-api's routes of the devices of a person (`/v1/devices/...`): every device of every home they are a
 * member of, one device with its state, presence and features, its desired state (JSON merge patch with
 * `If-Match`) and its commands. A device is addressed by its id alone: it keeps it when it moves between
 * homes, so links, ETags and command ids stay valid; the home it is in is a field of it.
 */
const Uuid = Type.String({ format: 'uuid' });

/** Path parameters of /v1/devices/{deviceId}. */
export const OwnerDeviceParams = Type.Object({ deviceId: Id });

/** Path parameters of /v1/devices/{deviceId}/commands/{commandId}. */
export const OwnerDeviceCommandParams = Type.Object({ deviceId: Id, commandId: Id });

/** GET /v1/devices: filters (all optional) and paging by id, `after` the previous page's `nextAfter`. */
export const OwnerDeviceQuery = Type.Object(
  {
    homeId: Type.Optional(Uuid),
    productId: Type.Optional(Id),
    online: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    after: Type.Optional(Id),
  },
  { additionalProperties: false, examples: [{ online: true, limit: 50 }] },
);
export type OwnerDeviceQuery = Static<typeof OwnerDeviceQuery>;

/** PATCH /v1/devices/{deviceId}: the name the home's owners give the device (null clears it). */
export const RenameOwnerDeviceRequest = Type.Object(
  { name: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]) },
  { additionalProperties: false, examples: [{ name: 'Living room' }, { name: null }] },
);
export type RenameOwnerDeviceRequest = Static<typeof RenameOwnerDeviceRequest>;

/** The media type of a desired state change (RFC 7396). */
export const mergePatchMediaType = 'application/merge-patch+json';

/**
 * PATCH /v1/devices/{deviceId}/desired: a JSON merge patch (RFC 7396) of the desired state: a property set to
 * null is removed, an object is merged into the current one. Each property must be a feature of the product.
 */
export const DesiredStateMergePatch = Type.Record(Type.String({ pattern: keyPattern }), Type.Unknown(), {
  minProperties: 1,
  maxProperties: 256,
  // A name outside the pattern is refused (a pattern-keyed record alone would let it through).
  additionalProperties: false,
  description: 'Property name -> JSON value; null removes the property.',
  examples: [{ setpoint: 21.5 }, { mode: 'eco', setpoint: null }],
});
export type DesiredStateMergePatch = Static<typeof DesiredStateMergePatch>;

/** Headers of a desired state change: `If-Match` names the version it applies to (the ETag read), or `*`. */
export const DesiredStateChangeHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({ description: 'The ETag of the device as read, e.g. "3"; * for any version. Required.' }),
  ),
});

/** A device's desired state and its version (the version is also the answer's ETag). */
export const OwnerDesiredStateResponse = VendorDesiredStateResponse;
/** POST /v1/devices/{deviceId}/commands: a command named after a feature of the product. */
export const OwnerCreateCommandRequest = VendorCreateCommandRequest;
export type OwnerCreateCommandRequest = Static<typeof OwnerCreateCommandRequest>;
/** A command and its acknowledgement. */
export const OwnerCommandResponse = VendorCommandResponse;
/** A device's commands, newest first. */
export const OwnerCommandList = VendorCommandList;
