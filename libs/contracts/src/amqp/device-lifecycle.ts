import { Type } from 'typebox';
import { Id } from '../ids';
import { RequestSource } from '../request-source';
import { defineMessage } from './define';
import { platformEventsExchange } from './exchanges';

const EpochMs = Type.Integer({ minimum: 0, description: 'Epoch milliseconds (broker-api clock).' });

/** A device was deleted from the registry: its stored state is forgotten, and nothing it sent earlier is kept. */
export const deviceDeletedV1 = defineMessage({
  name: 'device.deleted',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({ vendorId: Id, deviceId: Id, deletedAt: EpochMs }),
  example: { vendorId: 'acme', deviceId: 'thermostat-0042', deletedAt: 1763719800000 },
  description:
    'Confirmed by RabbitMQ before the deletion commits. Consumers forget the device; its messages received ' +
    'before `deletedAt` (still in flight) are discarded, so a device re-created with the id starts clean.',
});

/** A device was created in the registry (provisioned by its vendor): its product and when. */
export const deviceRegisteredV1 = defineMessage({
  name: 'device.registered',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({ vendorId: Id, deviceId: Id, productId: Id, registeredAt: EpochMs }),
  example: {
    vendorId: 'acme',
    deviceId: 'thermostat-0042',
    productId: 'thermostat',
    registeredAt: 1763719600000,
  },
  description:
    'Confirmed by RabbitMQ before the device is committed, like device.deleted: no device exists without it ' +
    '(one whose commit then failed was announced and never existed; consumers count it until its id is reused).',
});

/** A device got a new credential: its first, or a rotation (the previous ones are revoked). */
export const deviceCredentialIssuedV1 = defineMessage({
  name: 'device.credential-issued',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({ vendorId: Id, deviceId: Id, credentialId: Id, issuedAt: EpochMs }),
  example: {
    vendorId: 'acme',
    deviceId: 'thermostat-0042',
    credentialId: 'cred-7f3c9a2e41d84b6f9e0a5c3d2b1f8e47',
    issuedAt: 1763719700000,
  },
  description:
    'Confirmed by RabbitMQ before the credential is stored (so before the device can use it). Starts a new ' +
    'order epoch: the device messages received from `issuedAt` on are newer than every earlier one, whatever ' +
    'their `seq` (a `seq` pushed to its maximum with a stolen credential stops counting after a rotation).',
});

/** What changed in a device through broker-api's API. */
const DeviceChange = Type.Union([
  Type.Literal('desired', { description: 'Its desired state.' }),
  Type.Literal('details', { description: 'Its registry record (name).' }),
  Type.Literal('ownership', {
    description: "A claim, release, transfer or an operator's change of owner: the home it belongs to.",
  }),
]);

/**
 * A device changed through broker-api's API, whoever asked (public-api for an owner, geofencing's automations,
 * an operator): consumers drop what they keep of the device (public-api's device views).
 */
export const deviceChangedV1 = defineMessage({
  name: 'device.changed',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    vendorId: Id,
    deviceId: Id,
    change: DeviceChange,
    changedAt: EpochMs,
    ownerId: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()], {
        description:
          "With `change: 'ownership'`: the home it belongs to now (null: released, unclaimed). Absent on " +
          'other changes and in events published before it existed.',
      }),
    ),
    properties: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 256,
        description:
          "With `change: 'desired'`: the top-level properties the change set or removed. Absent in events " +
          'published before it existed.',
      }),
    ),
    source: Type.Optional(RequestSource),
  }),
  example: {
    vendorId: 'acme',
    deviceId: 'thermostat-0042',
    change: 'desired',
    changedAt: 1763719900000,
    properties: ['setpoint'],
    source: 'owner',
  },
  description:
    'Published after the change committed, best effort: a lost one is caught up when what consumers keep ' +
    'expires (their own maximum age), so a change never waits on it. It says that, not the values: read the ' +
    'device. `properties` and `source` were added to v1 as optional fields (consumers that predate them ' +
    'ignore them; consumers of them skip events without them). Routed as `device.changed.v1.<change>` so that a ' +
    'queue may take some kinds only (publishers before it used `device.changed.v1`).',
  subkey: (payload) => payload.change,
});
