import { compileValidator, DeviceResponse } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { httpErrorSchema } from '@homeport/http';
import type { DeviceRegistry } from '../domain/device-registry';

/** Where broker-api's HTTP API is and how to call it. */
export interface HttpDeviceRegistryOptions {
  /** broker-api's base URL, e.g. `http://broker-api:8080` (a path prefix is kept). */
  readonly baseUrl: string;
  /** broker-api's read-only `BROKER_API_REGISTRY_READ_TOKEN`, sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** One request's time limit, body included. */
  readonly timeoutMs: number;
}

const isDevice = compileValidator(DeviceResponse);
const isHttpError = compileValidator(httpErrorSchema);

/**
 * The registry port on broker-api's `GET /devices/:deviceId` (Node's fetch). 200 with a device of the
 * contract's DeviceResponse shape: found; 404 `DEVICE_NOT_FOUND`: not registered. Anything else (no answer,
 * a timeout, 401, 403, 5xx, a 404 of an unknown route, a body that breaks the contract) is AppError `unavailable`:
 * a wrong URL or token must hold messages back, never dead-letter every device as unknown.
 */
export function createHttpDeviceRegistry(options: HttpDeviceRegistryOptions): DeviceRegistry {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  return {
    async findDevice(deviceId) {
      const url = new URL(`devices/${encodeURIComponent(deviceId)}`, base);
      let status: number;
      let body: unknown;
      try {
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        status = response.status;
        body = parseJson(await response.text());
      } catch (error) {
        throw unavailable(`no answer from the device registry at ${url.origin}: ${describe(error)}`, error);
      }
      if (status === 200 && isDevice.isValid(body) && body.id === deviceId) {
        return { vendorId: body.vendorId };
      }
      if (status === 404 && isHttpError.isValid(body) && body.code === 'DEVICE_NOT_FOUND') return undefined;
      const code = isHttpError.isValid(body) ? ` ${body.code}` : '';
      throw unavailable(`the device registry at ${url.origin} answered ${status}${code} for ${deviceId}`);
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function unavailable(message: string, cause?: unknown): AppError {
  return new AppError('unavailable', 'DEVICE_REGISTRY_UNAVAILABLE', message, { cause });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch hides the socket error (ECONNREFUSED, ...) in its cause.
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
