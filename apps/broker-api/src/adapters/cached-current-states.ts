import {
  buildDeviceStateCacheKey,
  compileValidator,
  DeviceStateCacheDocument,
  deviceStateCacheFields,
  type DeviceTopicAddress,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { translateRedisError, type RedisClient } from '@homeport/storage';
import type { CurrentStateSource } from '../domain/shadow';

/** Reads a device's cached current state document (contracts' `DeviceStateCacheDocument`); undefined: none. */
export type CurrentStateDocumentReader = (
  address: DeviceTopicAddress,
) => Promise<DeviceStateCacheDocument | undefined>;

/** The shadows' reported side from state-workers' cache documents, wherever they are kept. */
export function createCachedCurrentStates(read: CurrentStateDocumentReader): CurrentStateSource {
  return {
    async find(address) {
      const document = await read(address);
      if (document === undefined) return null;
      return {
        state: document.state,
        seq: document.seq ?? null,
        reportedAt: new Date(document.reportedAt),
        storedAt: new Date(document.storedAt),
      };
    },
  };
}

const documentValidator = compileValidator(DeviceStateCacheDocument);

/**
 * state-workers' cache on Redis: the `document` field of the device's hash (`buildDeviceStateCacheKey`,
 * under the client's key prefix, state-workers' REDIS_KEY_PREFIX). A deleted device's tombstone has none.
 * A document that is not the contract's is refused (a bug or a writer of another version), not shown.
 */
export function createRedisCurrentStates(client: RedisClient): CurrentStateSource {
  return createCachedCurrentStates(async ({ vendorId, deviceId }) => {
    const key = buildDeviceStateCacheKey(vendorId, deviceId);
    const text = await client.hget(key, deviceStateCacheFields.document).catch((error: unknown) => {
      throw translateRedisError(error);
    });
    if (text === null) return undefined;
    const document: unknown = JSON.parse(text);
    if (!documentValidator.isValid(document)) {
      throw new AppError('internal', 'CURRENT_STATE_UNREADABLE', `cached state of ${deviceId} is invalid`, {
        details: { deviceId, problems: documentValidator.explain(document) },
      });
    }
    return document;
  });
}
