import type { DeviceResponse, ProductResponse } from '@homeport/contracts';
import { isAppError } from '@homeport/errors';
import type { InternalApiSend } from '@homeport/http';
import type { DeviceDirectory } from '../domain/ports';

/**
 * Devices and products through broker-api's registry routes (`GET /devices/:deviceId`,
 * `GET /vendors/:vendorId/products/:productId`). A 404 is "no such"; no answer or a failed one is the
 * transport's AppError unavailable (the event is retried, the API call answers 503).
 */
export function createBrokerApiDirectory(send: InternalApiSend): DeviceDirectory {
  const getOrUndefined = async <T>(path: string): Promise<T | undefined> => {
    try {
      return await send<T>('GET', path);
    } catch (error) {
      if (isAppError(error) && error.kind === 'not_found') return undefined;
      throw error;
    }
  };
  return {
    async findDevice(deviceId) {
      const device = await getOrUndefined<DeviceResponse>(`/devices/${encodeURIComponent(deviceId)}`);
      if (device === undefined) return undefined;
      return {
        vendorId: device.vendorId,
        deviceId: device.id,
        productId: device.productId,
        homeId: device.ownerId,
      };
    },
    async findProductFeatures(vendorId, productId) {
      const product = await getOrUndefined<ProductResponse>(
        `/vendors/${encodeURIComponent(vendorId)}/products/${encodeURIComponent(productId)}`,
      );
      return product?.features;
    },
  };
}
