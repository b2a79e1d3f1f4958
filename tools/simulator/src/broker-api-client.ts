import type {
  CreateDeviceRequest,
  CreateProductRequest,
  CreateVendorRequest,
  DeviceResponse,
  IssuedClaimCodeResponse,
  IssuedCredentialResponse,
  ProvisionedDeviceResponse,
} from '@homeport/contracts';

/** Status and parsed JSON body of an HTTP answer. */
export interface ApiAnswer<T> {
  readonly status: number;
  readonly body: T;
}

/** A broker-api answer other than the expected one, or no answer at all (status 0). */
export class BrokerApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The error `code` of the answer (e.g. UNAUTHENTICATED), when it had one. */
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'BrokerApiError';
  }
}

/** broker-api's HTTP API as the simulator (and the tests) use it, with the bearer token. */
export interface BrokerApiClient {
  readonly baseUrl: string;
  /** Any call; answers whatever status came back (throws only when broker-api could not be reached). */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  /** Creates the vendor; one that already exists (409) is fine. */
  ensureVendor(vendor: CreateVendorRequest): Promise<void>;
  /** Creates the product of a vendor; one that already exists (409) is fine. */
  ensureProduct(vendorId: string, product: CreateProductRequest): Promise<void>;
  /** Creates the device, unclaimed; the answer is the only place its claim code appears. */
  createDevice(device: CreateDeviceRequest): Promise<ProvisionedDeviceResponse>;
  getDevice(deviceId: string): Promise<DeviceResponse>;
  /** Issues the device's first credential; the answer is the only place its secret ever appears. */
  issueCredential(deviceId: string): Promise<IssuedCredentialResponse>;
  /** Issues a new credential and revokes the device's active ones (their connections are closed). */
  rotateCredential(deviceId: string): Promise<IssuedCredentialResponse>;
  /** A new claim code for an unclaimed device (the old one void); 409 DEVICE_CLAIMED once it has an owner. */
  issueClaimCode(deviceId: string): Promise<IssuedClaimCodeResponse>;
}

/** Settings of `createBrokerApiClient`. */
export interface BrokerApiClientOptions {
  /** e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  readonly token: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

/** Reads `{ code, message }` of a broker-api error body; the raw text when it is not one. */
function describeBody(body: unknown, text: string): { code?: string; detail: string } {
  const { code, message } = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  if (typeof code === 'string') return { code, detail: `${code}: ${String(message)}` };
  return { detail: text.length > 200 ? `${text.slice(0, 200)}...` : text || '(empty body)' };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

/** A fetch-based client of the broker-api at `baseUrl`, authenticated with the bearer `token`. */
export function createBrokerApiClient(options: BrokerApiClientOptions): BrokerApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;

  const send = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, text, body: parseJson(text) };
    } catch (error) {
      const reason = error instanceof Error ? (error.cause ?? error) : error;
      throw new BrokerApiError(
        `${method} ${path}: broker-api not reachable at ${baseUrl} (${String(reason)})`,
        0,
        undefined,
      );
    }
  };

  /** The body when the status is one of `expected`, else a BrokerApiError naming status and error. */
  const expect = async <T>(method: string, path: string, expected: number[], body?: unknown): Promise<T> => {
    const answer = await send(method, path, body);
    if (expected.includes(answer.status)) return answer.body as T;
    const { code, detail } = describeBody(answer.body, answer.text);
    const hint = answer.status === 401 ? ' (is the broker-api token right?)' : '';
    throw new BrokerApiError(
      `${method} ${path}: HTTP ${answer.status} ${detail}${hint}`,
      answer.status,
      code,
    );
  };

  return {
    baseUrl,
    async call<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
      const answer = await send(method, path, body);
      // The caller names the body type it expects and checks the status.
      return { status: answer.status, body: answer.body as T };
    },
    async ensureVendor(vendor) {
      await expect('POST', '/vendors', [201, 409], vendor);
    },
    async ensureProduct(vendorId, product) {
      await expect('POST', `/vendors/${encodeURIComponent(vendorId)}/products`, [201, 409], product);
    },
    createDevice: (device) => expect('POST', '/devices', [201], device),
    getDevice: (deviceId) => expect('GET', `/devices/${encodeURIComponent(deviceId)}`, [200]),
    issueCredential: (deviceId) =>
      expect('POST', `/devices/${encodeURIComponent(deviceId)}/credentials`, [201]),
    rotateCredential: (deviceId) =>
      expect('POST', `/devices/${encodeURIComponent(deviceId)}/credentials/rotate`, [201]),
    issueClaimCode: (deviceId) =>
      expect('POST', `/devices/${encodeURIComponent(deviceId)}/claim-code`, [201]),
  };
}
