import { buildDeviceStateCacheKey, deviceStateCacheFields } from '@homeport/contracts';
import { defineRedisScript, type RedisClient } from '@homeport/storage';
import type { StoredOrderKeys } from '../domain/ports';
import type { MergedRow, SharedRows } from './merged-rows';

// ARGV[1..3]: the fields revision, document and order keys; ARGV[3 + i]: the revision known of KEYS[i]. The
// document and order keys are read only above it, so a replica that merged the device last pays one HGET.
const readNewerScript = `
local rows = {}
for i, key in ipairs(KEYS) do
  rows[i] = false
  local revision = redis.call('HGET', key, ARGV[1])
  if revision and tonumber(revision) > tonumber(ARGV[3 + i]) then
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
 * that the merge above it checks (pg-merge-above-rows.ts), so a hash without order keys, or whose order keys
 * are another revision's or malformed, is no row.
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
      return devices.map((_, index) => {
        const texts = found[index];
        return texts ? decodeRow(texts[0], texts[1]) : undefined;
      });
    },
  };
}

function decodeRow(documentText: string, orderKeysText: string): MergedRow | undefined {
  try {
    const document = JSON.parse(documentText) as Record<string, unknown>;
    const orderKeys = JSON.parse(orderKeysText) as Partial<EncodedOrderKeys>;
    const { revision, state, reportedAt } = document;
    if (
      typeof revision !== 'number' ||
      orderKeys.revision !== revision ||
      !isRecord(state) ||
      typeof reportedAt !== 'number' ||
      !isRecord(orderKeys.versions) ||
      !isOrderKey(orderKeys.newestKey) ||
      !Object.values(orderKeys.versions).every(isOrderKey)
    )
      return undefined;
    return { revision, state, versions: orderKeys.versions, newestKey: orderKeys.newestKey, reportedAt };
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOrderKey(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((part) => typeof part === 'number');
}
