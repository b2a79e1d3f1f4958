import {
  buildDeviceStateCacheKey,
  deviceStateCacheFields,
  type DeviceStateCacheDocument,
} from '@homeport/contracts';
import { translateRedisError, type RedisClient } from '@homeport/storage';
import type { DeviceStateCache } from '../domain/ports';

type WriteIfNewer = (
  key: string,
  revisionField: string,
  revision: string,
  documentField: string,
  document: string,
) => Promise<number>;

type ForgetIfNewer = (key: string, revisionField: string, revision: string) => Promise<number>;

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
  // defineCommand runs the script by its SHA (EVALSHA, loading it once) and applies the key prefix.
  client.defineCommand(commandName, { numberOfKeys: 1, lua: writeIfNewerScript });
  client.defineCommand(forgetCommandName, { numberOfKeys: 1, lua: forgetIfNewerScript });
  const writeIfNewer = (client as unknown as Record<string, WriteIfNewer>)[commandName];
  const forgetIfNewer = (client as unknown as Record<string, ForgetIfNewer>)[forgetCommandName];
  if (writeIfNewer === undefined || forgetIfNewer === undefined) {
    throw new Error(`ioredis did not define ${commandName} and ${forgetCommandName}`);
  }
  return {
    async write(stored) {
      const document: DeviceStateCacheDocument = {
        vendorId: stored.vendorId,
        deviceId: stored.deviceId,
        state: stored.state,
        revision: stored.revision,
        reportedAt: stored.reportedAt,
        storedAt: stored.storedAt,
      };
      try {
        const written = await writeIfNewer.call(
          client,
          buildDeviceStateCacheKey(stored.vendorId, stored.deviceId),
          deviceStateCacheFields.revision,
          String(stored.revision),
          deviceStateCacheFields.document,
          JSON.stringify(document),
        );
        return written === 1;
      } catch (error) {
        throw translateRedisError(error);
      }
    },
    async forget({ vendorId, deviceId }, revision) {
      try {
        const key = buildDeviceStateCacheKey(vendorId, deviceId);
        const field = deviceStateCacheFields.revision;
        return (await forgetIfNewer.call(client, key, field, String(revision))) === 1;
      } catch (error) {
        throw translateRedisError(error);
      }
    },
  };
}
