import { compileValidator, DeviceIdParams, DeviceResponse } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { buildHttpApp, startHttpServer, type HttpRoutes, type HttpServer } from '@homeport/http';
import { createLogger, createMetricsRegistry } from '@homeport/observability';
import { createTcpRelay, type TcpRelay } from '@homeport/testing';

/** A stand-in for broker-api's device lookup, behind a relay that can make it unreachable. */
export interface FakeDeviceRegistry {
  /** The base URL fan-out is given (through the relay). */
  readonly url: string;
  readonly token: string;
  /** Registered devices: deviceId -> vendorId. */
  readonly devices: Map<string, string>;
  /** Device ids asked for, in order. */
  readonly requests: string[];
  /** Makes it unreachable (connections refused), and reachable again. */
  readonly relay: TcpRelay;
  close(): Promise<void>;
}

const isDeviceResponse = compileValidator(DeviceResponse);

/**
 * Serves `GET /devices/:deviceId` the way broker-api does: the same app and error mapping
 * (`@homeport/http`: 404 `{ code: 'DEVICE_NOT_FOUND', message, requestId }`, 404 ROUTE_NOT_FOUND for other
 * paths), 401 without the bearer token, and a 200 body checked against contracts' DeviceResponse. Apps never
 * import apps, so fan-out's tests cannot start the real broker-api; tools/e2e-tests run them together.
 */
export async function startFakeDeviceRegistry(token = 't'.repeat(32)): Promise<FakeDeviceRegistry> {
  const devices = new Map<string, string>();
  const requests: string[] = [];
  const app = await buildHttpApp({
    service: 'fake-broker-api',
    logger: createLogger({ service: 'fake-broker-api', level: 'silent' }),
    metrics: createMetricsRegistry({ service: 'fake-broker-api', collectDefaults: false }),
    openapi: { version: '0.0.0', description: 'Test stand-in for broker-api.' },
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', (request, _reply, done) => {
      const authorized = request.headers.authorization === `Bearer ${token}`;
      done(authorized ? undefined : new AppError('unauthenticated', 'UNAUTHENTICATED', 'token required'));
    });
    await scope.register(deviceRoute, { devices, requests });
  });
  const server: HttpServer = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
  const relay = await createTcpRelay({ host: '127.0.0.1', port: server.port });
  return {
    url: `http://127.0.0.1:${relay.port}`,
    token,
    devices,
    requests,
    relay,
    async close() {
      await relay.close();
      await server.close();
    },
  };
}

const deviceRoute: HttpRoutes<{ devices: ReadonlyMap<string, string>; requests: string[] }> = (
  scope,
  { devices, requests },
) => {
  scope.get('/devices/:deviceId', { schema: { params: DeviceIdParams } }, (request) => {
    const { deviceId } = request.params;
    requests.push(deviceId);
    const vendorId = devices.get(deviceId);
    if (vendorId === undefined) {
      throw new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${deviceId} not found`);
    }
    const body = {
      id: deviceId,
      vendorId,
      productId: 'thermostat',
      name: null,
      ownerId: null,
      historySince: null,
      online: true,
      lastSeenAt: new Date().toISOString(),
      createdAt: new Date(0).toISOString(),
    };
    if (!isDeviceResponse.isValid(body)) {
      throw new Error(`fake registry body breaks the contract: ${isDeviceResponse.explain(body).join('; ')}`);
    }
    return Promise.resolve(body);
  });
  return Promise.resolve();
};
