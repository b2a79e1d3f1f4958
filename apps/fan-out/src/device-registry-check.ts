import { createHttpDeviceRegistry } from './adapters/http-device-registry';
import type { FanOutSettings } from './config';
import { createCachedDeviceRegistry } from './domain/cached-device-registry';
import type { DeviceRegistry } from './domain/device-registry';
import type { FanOutMetrics } from './fan-out-metrics';

/**
 * The device registry check of the configuration: broker-api's HTTP API (DEVICE_REGISTRY_URL and _TOKEN)
 * behind a TTL cache, its requests counted. Undefined when the check is off (no DEVICE_REGISTRY_URL).
 */
export function createConfiguredDeviceRegistry(
  config: FanOutSettings,
  metrics: FanOutMetrics,
): DeviceRegistry | undefined {
  const baseUrl = config.DEVICE_REGISTRY_URL;
  const token = config.DEVICE_REGISTRY_TOKEN;
  if (baseUrl === undefined || token === undefined) return undefined;
  const registry = createHttpDeviceRegistry({ baseUrl, token, timeoutMs: config.DEVICE_REGISTRY_TIMEOUT_MS });
  const counted: DeviceRegistry = {
    async findDevice(deviceId) {
      try {
        const device = await registry.findDevice(deviceId);
        metrics.registryLookups.inc({ result: device === undefined ? 'not_found' : 'found' });
        return device;
      } catch (error) {
        metrics.registryLookups.inc({ result: 'failed' });
        throw error;
      }
    },
  };
  return createCachedDeviceRegistry(counted, {
    knownTtlMs: config.DEVICE_REGISTRY_KNOWN_TTL_MS,
    unknownTtlMs: config.DEVICE_REGISTRY_UNKNOWN_TTL_MS,
    maxEntries: config.DEVICE_REGISTRY_CACHE_SIZE,
  });
}
