import { Type, type Static } from 'typebox';
import { Id } from '../ids';
import { StateProperties } from '../mqtt/payloads';

/**
 * Redis key of a device's cached current state (a hash, see `deviceStateCacheFields`). state-workers write
 * it after PostgreSQL; broker-api reads it as the reported side of device shadows. The key is relative to the deployment's Redis key prefix
 * (REDIS_KEY_PREFIX, empty in production), which every service reading or writing it must share.
 * Ids never contain `:` (see `idPattern`), so the key is unambiguous.
 */
export function buildDeviceStateCacheKey(vendorId: string, deviceId: string): string {
  return `homeport:device-state:v1:${vendorId}:${deviceId}`;
}

/**
 * Redis key of state-workers' fill marker, beside the devices' hashes (one segment after `v1:`, so never a
 * device's key; readers ignore it): `filled` once a refill of the cache from PostgreSQL completed,
 * `refilling:<holder>` (expiring) while one runs, missing when the cache lost its data (a Redis restart
 * without persistence), which makes state-workers refill it.
 */
export const deviceStateCacheFillKey = 'homeport:device-state:v1:fill';

/**
 * Fields of the device state hash. `revision` is a decimal integer that grows with every change stored in
 * PostgreSQL; a writer replaces the hash only when its revision is higher, so the copy never goes
 * backwards. `document` is the JSON of a `DeviceStateCacheDocument`. A deleted device's hash is a tombstone:
 * `revision` without `document` (no state), so a late write of an older revision cannot bring the deleted
 * state back, and the state of a device re-created with the id continues from a higher revision.
 * `orderKeys` is state-workers' own (JSON: the revision and the order keys its row was merged with), written
 * with the document when known, so that any replica can merge the device's next report above it (a guess the
 * merge checks: a new order epoch keeps the revision but clears the row's newest key); other readers ignore it.
 */
export const deviceStateCacheFields = {
  revision: 'revision',
  document: 'document',
  orderKeys: 'orderKeys',
} as const;

const epochMs = (description: string) =>
  Type.Integer({ minimum: 0, description: `Epoch milliseconds: ${description}` });

/** The cached current state of a device: the JSON in the `document` field of its hash. */
export const DeviceStateCacheDocument = Type.Object({
  vendorId: Id,
  deviceId: Id,
  state: StateProperties,
  revision: Type.Integer({ minimum: 1, description: 'Same as the hash field `revision`.' }),
  seq: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: "The device's `seq` of the report that made this revision, when the device numbered it.",
    }),
  ),
  reportedAt: epochMs('device time (ts, else received-at) of the newest report merged into the state.'),
  storedAt: epochMs('when this revision was stored in PostgreSQL.'),
});
export type DeviceStateCacheDocument = Static<typeof DeviceStateCacheDocument>;

/** A realistic cached state; tested to validate and reused as a fixture. */
export const deviceStateCacheExample: DeviceStateCacheDocument = {
  vendorId: 'acme',
  deviceId: 'thermostat-0042',
  state: { temperature: 20.6, setpoint: 21, mode: 'heat', humidity: 41, battery: 87 },
  revision: 318,
  seq: 5120,
  reportedAt: 1763719200000,
  storedAt: 1763719200162,
};
