import {
  buildDeviceStateCacheKey,
  deviceStateCacheFields,
  deviceStateCacheFillKey,
  type DeviceStateCacheDocument,
} from '@homeport/contracts';
import { defineRedisScript, translateRedisError, type RedisClient } from '@homeport/storage';
import type { DeviceStateCache } from '../domain/ports';
import { encodeOrderKeys } from './redis-shared-rows';
import { defineDeleteIfHolding } from './redis-scripts';

const commandName = 'homeportWriteDeviceStateIfNewer';
const forgetCommandName = 'homeportForgetDeviceStateIfNewer';

// Compare-and-set in one script: replicas write revisions in any order, the highest stays. The order keys
// (ARGV[6]) go with their revision, or the field goes: another revision's must not stay beside this one.
const writeIfNewerScript = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored and tonumber(stored) >= tonumber(ARGV[2]) then return 0 end
if ARGV[6] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
  redis.call('HDEL', KEYS[1], ARGV[5])
end
return 1
`;

// The tombstone of a deleted device: the revision alone, under the same rule.
const forgetIfNewerScript = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored and tonumber(stored) >= tonumber(ARGV[2]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;

/** The fill marker's value once a refill completed (contracts' `deviceStateCacheFillKey`). */
const filledValue = 'filled';
/** The fill marker's value while `holderId` refills: the refill's lease, expiring by itself. */
const refillingValue = (holderId: string) => `refilling:${holderId}`;

// The refill's lease is the marker itself, so losing the cache's data ends the refill too: neither its
// renewal nor its mark then finds the holder's lease, and the refill stops, to start again from the first page.
const renewRefillScript = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
`;

const markFilledScript = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;

/**
 * The cached current state on Redis, laid out as `@homeport/contracts` says (a hash per device under
 * `buildDeviceStateCacheKey`): a revision replaces the hash only when it is higher than the stored one.
 * No expiry: it is a copy of PostgreSQL that broker-api's shadows read, refreshed by every merged report, with
 * the row's order keys for the other replicas (redis-shared-rows.ts). A deleted
 * device's hash is a tombstone (the revision, no document). The fill marker (`deviceStateCacheFillKey`) is
 * `filled` after a refill, or a refill's lease; a Redis that lost its data has none, so it is refilled.
 */
export function createRedisDeviceStateCache(client: RedisClient): DeviceStateCache {
  const writeIfNewer = defineRedisScript(client, commandName, 1, writeIfNewerScript);
  const forgetIfNewer = defineRedisScript(client, forgetCommandName, 1, forgetIfNewerScript);
  const renewRefill = defineRedisScript(client, 'homeportRenewDeviceStateRefill', 1, renewRefillScript);
  const markFilled = defineRedisScript(client, 'homeportMarkDeviceStateFilled', 1, markFilledScript);
  const deleteIfHolding = defineDeleteIfHolding(client);
  return {
    async write(stored) {
      const document: DeviceStateCacheDocument = {
        vendorId: stored.vendorId,
        deviceId: stored.deviceId,
        state: stored.state,
        revision: stored.revision,
        ...(stored.seq === undefined ? {} : { seq: stored.seq }),
        reportedAt: stored.reportedAt,
        storedAt: stored.storedAt,
      };
      const { orderKeys } = stored;
      const written = await writeIfNewer(
        buildDeviceStateCacheKey(stored.vendorId, stored.deviceId),
        deviceStateCacheFields.revision,
        String(stored.revision),
        deviceStateCacheFields.document,
        JSON.stringify(document),
        deviceStateCacheFields.orderKeys,
        ...(orderKeys === undefined ? [] : [encodeOrderKeys(stored.revision, orderKeys)]),
      );
      return written === 1;
    },
    async forget({ vendorId, deviceId }, revision) {
      const key = buildDeviceStateCacheKey(vendorId, deviceId);
      return (await forgetIfNewer(key, deviceStateCacheFields.revision, String(revision))) === 1;
    },
    async claimRefill(holderId, leaseMs) {
      try {
        const set = await client.set(deviceStateCacheFillKey, refillingValue(holderId), 'PX', leaseMs, 'NX');
        return set !== null;
      } catch (error) {
        throw translateRedisError(error);
      }
    },
    async renewRefill(holderId, leaseMs) {
      return (await renewRefill(deviceStateCacheFillKey, refillingValue(holderId), String(leaseMs))) === 1;
    },
    async markFilled(holderId) {
      return (await markFilled(deviceStateCacheFillKey, refillingValue(holderId), filledValue)) === 1;
    },
    async releaseRefill(holderId) {
      await deleteIfHolding(deviceStateCacheFillKey, refillingValue(holderId));
    },
  };
}
