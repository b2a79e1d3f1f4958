import type { DeviceResponse, ProductResponse } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { Agent, request } from 'undici';
import type { DeviceDirectory } from '../domain/ports';

/** Where broker-api's internal API is, and alerts' token there. */
export interface BrokerApiDirectoryOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
}

/** A directory that can also let go of its connections (at shutdown). */
export type ClosableDeviceDirectory = DeviceDirectory & { close(): Promise<void> };

/**
 * Devices and products through broker-api's registry routes (`GET /devices/:deviceId`,
 * `GET /vendors/:vendorId/products/:productId`) over kept-alive connections. A 404 is "no such"; anything
 * else but a 200 is AppError unavailable (the event is retried, the API call answers 503).
 */
export function createBrokerApiDirectory(options: BrokerApiDirectoryOptions): ClosableDeviceDirectory {
  const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 4000 });
  const base = options.baseUrl.replace(/\/$/, '');
  const getJson = async <T>(path: string): Promise<T | undefined> => {
    let statusCode: number;
    let text: string;
    try {
      const response = await request(`${base}${path}`, {
        dispatcher,
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      statusCode = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new AppError('unavailable', 'BROKER_API_UNAVAILABLE', `broker-api did not answer GET ${path}`, {
        cause: error,
      });
    }
    if (statusCode === 404) return undefined;
    if (statusCode !== 200) {
      throw new AppError(
        'unavailable',
        'BROKER_API_UNAVAILABLE',
        `broker-api answered GET ${path} with ${statusCode}`,
      );
    }
    return JSON.parse(text) as T;
  };
  return {
    async findDevice(deviceId) {
      const device = await getJson<DeviceResponse>(`/devices/${encodeURIComponent(deviceId)}`);
      if (device === undefined) return undefined;
      return {
        vendorId: device.vendorId,
        deviceId: device.id,
        productId: device.productId,
        homeId: device.ownerId,
      };
    },
    async findProductFeatures(vendorId, productId) {
      const product = await getJson<ProductResponse>(
        `/vendors/${encodeURIComponent(vendorId)}/products/${encodeURIComponent(productId)}`,
      );
      return product?.features;
    },
    close: () => dispatcher.close(),
  };
}
