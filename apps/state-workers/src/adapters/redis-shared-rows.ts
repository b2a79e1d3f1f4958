import { buildDeviceStateCacheKey, deviceStateCacheFields, isJsonObject } from '@homeport/contracts';
import { defineRedisScript, type RedisClient } from '@homeport/storage';
import type { DeviceRef, StoredOrderKeys } from '../domain/ports';
import type { MergedRow, SharedRows } from './merged-rows';

// ARGV[1..3]: the fields revision, document and order keys; ARGV[3 + i]: the revision known of KEYS[i]. The
// document and order keys are read only above it, so a replica that merged the device last pays one HGET.
const readNewerScript = `
local rows = {}
for i, key in ipairs(KEYS) do
  rows[i] = false
  local revision = tonumber(redis.call('HGET', key, ARGV[1]))
  if revision and revision > tonumber(ARGV[3 + i]) then
    local found = redis.call('HMGET', key, ARGV[2], ARGV[3])
    if found[1] and found[2] then rows[i] = found end
  end
end
return rows
`;

/** The order keys as the cache's `orderKeys` field holds them: with their revision, checked when read. */
interface EncodedOrderKeys extends StoredOrderKeys {
  readonly revision: number;
}

/** The `orderKeys` field of the cached copy of `revision` (contracts' deviceStateCacheFields). */
export function encodeOrderKeys(revision: number, orderKeys: StoredOrderKeys): string {
  const encoded: EncodedOrderKeys = {
    revision,
    versions: orderKeys.versions,
    newestKey: orderKeys.newestKey,
  };
  return JSON.stringify(encoded);
}

/**
 * The rows replicas merged, read from the cached copy in Redis (redis-device-state-cache.ts writes each
 * revision's order keys beside its document): one script call for a batch's devices. A row is only a guess
 * that the merge above it checks (pg-merge-above-rows.ts: the stored revision and `newest_key`), so a hash
 * without order keys, or whose order keys are another revision's, or another device's, or malformed, is no
 * row. What makes the check enough: a revision with a non-null `newest_key` names one state, `versions` and
 * `reported_at` of its device (a merge raises the revision; a new order epoch keeps it but clears
 * `newest_key`; a deletion raises it). A migration that rewrote stored rows in place would have to keep that
 * true, since these copies outlive a deployment.
 */
export function createRedisSharedRows(client: RedisClient): SharedRows {
  const readNewer = defineRedisScript(client, 'homeportReadNewerMergedRows', undefined, readNewerScript);
  return {
    async readNewer(devices) {
      if (devices.length === 0) return [];
      const found = (await readNewer(
        devices.length,
        ...devices.map(({ device }) => buildDeviceStateCacheKey(device.vendorId, device.deviceId)),
        deviceStateCacheFields.revision,
        deviceStateCacheFields.document,
        deviceStateCacheFields.orderKeys,
        ...devices.map(({ knownRevision }) => knownRevision),
      )) as ([string, string] | null)[];
      return devices.map(({ device }, index) => {
        const texts = found[index];
        return texts ? decodeRow(device, texts[0], texts[1]) : undefined;
      });
    },
  };
}

function decodeRow(device: DeviceRef, documentText: string, orderKeysText: string): MergedRow | undefined {
  try {
    const document = JSON.parse(documentText) as Record<string, unknown>;
    const orderKeys = JSON.parse(orderKeysText) as Partial<EncodedOrderKeys>;
    const { revision, state, reportedAt } = document;
    if (
      document.vendorId !== device.vendorId ||
      document.deviceId !== device.deviceId ||
      typeof revision !== 'number' ||
      orderKeys.revision !== revision ||
      !isJsonObject(state) ||
      typeof reportedAt !== 'number' ||
      !isJsonObject(orderKeys.versions) ||
      !isOrderKey(orderKeys.newestKey) ||
      !Object.values(orderKeys.versions).every(isOrderKey)
    )
      return undefined;
    return { revision, state, versions: orderKeys.versions, newestKey: orderKeys.newestKey, reportedAt };
  } catch {
    return undefined;
  }
}

function isOrderKey(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((part) => typeof part === 'number');
}
