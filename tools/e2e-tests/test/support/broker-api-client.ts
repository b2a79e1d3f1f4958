import type { IssuedCredentialResponse } from '@homeport/contracts';
import { brokerApiToken } from './service-env';

/** Status and parsed JSON body of an answer. */
export interface ApiAnswer<T> {
  readonly status: number;
  readonly body: T;
}

/** broker-api's HTTP API, called with the service token (as public-api would). */
export interface BrokerApiClient {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
}

/** A device registered through the API, with the credential it connects with. */
export interface ProvisionedDevice {
  readonly vendorId: string;
  readonly productId: string;
  readonly deviceId: string;
  readonly secret: string;
}

/** A client of the broker-api at `baseUrl`. */
export function createBrokerApiClient(baseUrl: string): BrokerApiClient {
  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
      const headers: Record<string, string> = { authorization: `Bearer ${brokerApiToken}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      // The caller names the body type it expects; tests check the values.
      return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
    },
  };
}

async function expectStatus<T>(answer: Promise<ApiAnswer<T>>, status: number, what: string): Promise<T> {
  const { status: actual, body } = await answer;
  if (actual !== status) throw new Error(`${what}: HTTP ${actual} ${JSON.stringify(body)}`);
  return body;
}

/** Creates a vendor and one product of it through the API. */
export async function provisionVendor(
  api: BrokerApiClient,
  vendorId: string,
  productId = 'thermostat',
): Promise<void> {
  await expectStatus(api.call('POST', '/vendors', { id: vendorId, name: 'E2E Devices' }), 201, 'vendor');
  await expectStatus(
    api.call('POST', `/vendors/${vendorId}/products`, {
      id: productId,
      name: 'Thermostat',
      features: ['temperature', 'humidity', 'setpoint', 'mode'],
    }),
    201,
    'product',
  );
}

/** Registers a device of the vendor's product and issues its first credential. */
export async function provisionDevice(
  api: BrokerApiClient,
  options: { vendorId: string; deviceId: string; productId?: string },
): Promise<ProvisionedDevice> {
  const productId = options.productId ?? 'thermostat';
  const { vendorId, deviceId } = options;
  await expectStatus(api.call('POST', '/devices', { id: deviceId, vendorId, productId }), 201, 'device');
  const issued = await expectStatus(
    api.call<IssuedCredentialResponse>('POST', `/devices/${deviceId}/credentials`),
    201,
    'credential',
  );
  return { vendorId, productId, deviceId, secret: issued.secret };
}
