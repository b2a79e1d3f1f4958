import {
  buildDeviceStateCacheKey,
  deviceStateCacheFields,
  type DeviceStateCacheDocument,
} from '@homeport/contracts';
import type { RedisClient } from '@homeport/storage';
import type { DeviceStateCache } from '../domain/ports';
import { defineRedisScript } from './redis-scripts';

const commandName = 'homeportWriteDeviceStateIfNewer';
const forgetCommandName = 'homeportForgetDeviceStateIfNewer';

// Compare-and-set in one script: replicas write revisions in any order, the highest stays.
const writeIfNewerScript = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored and tonumber(stored) >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
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

/**
 * The cached current state on Redis, laid out as `@homeport/contracts` says (a hash per device under
 * `buildDeviceStateCacheKey`): a revision replaces the hash only when it is higher than the stored one.
 * No expiry: it is a copy of PostgreSQL that public-api reads, refreshed by every merged report. A deleted
 * device's hash is a tombstone (the revision, no document).
 */
export function createRedisDeviceStateCache(client: RedisClient): DeviceStateCache {
  const writeIfNewer = defineRedisScript(client, commandName, 1, writeIfNewerScript);
  const forgetIfNewer = defineRedisScript(client, forgetCommandName, 1, forgetIfNewerScript);
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
      const written = await writeIfNewer(
        buildDeviceStateCacheKey(stored.vendorId, stored.deviceId),
        deviceStateCacheFields.revision,
        String(stored.revision),
        deviceStateCacheFields.document,
        JSON.stringify(document),
      );
      return written === 1;
    },
    async forget({ vendorId, deviceId }, revision) {
      const key = buildDeviceStateCacheKey(vendorId, deviceId);
      return (await forgetIfNewer(key, deviceStateCacheFields.revision, String(revision))) === 1;
    },
  };
}
