import { accountEmailsQueue } from '@homeport/contracts';
import { createInProcessBroker, createInProcessMessageBus } from '@homeport/messaging';
import { createLogger, createMetricsRegistry } from '@homeport/observability';
import { createPostgresPool } from '@homeport/storage';
import { generateKeyPairSync } from 'node:crypto';
import { loadPublicApiSettings } from './config';
import { createDeferredWork } from './entry-points/http/deferred-work';
import { createPostgresDeviceHistory } from './adapters/pg-device-history';
import { createLive } from './live';
import { buildPublicApiApp } from './public-api';
import { createSharedAdapters } from './shared-adapters';

/** A throwaway signing key: keys are not part of the document. */
function createThrowawaySigningKey(): string {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return JSON.stringify({ ...jwk, kid: 'openapi-document' });
}

/**
 * public-api's OpenAPI document, as /openapi.json serves it with the default settings, built without any server
 * (the pool is never queried, the bus is in process): the typed client (libs/api-client) is generated from it.
 */
export async function buildOpenApiDocument(): Promise<unknown> {
  const settings = loadPublicApiSettings({
    JWT_SIGNING_KEY: createThrowawaySigningKey(),
    BROKER_API_URL: 'http://broker-api:8080',
    BROKER_API_TOKEN: 'not-used-to-build-the-openapi-document',
    NOTIFICATIONS_API_URL: 'http://notifications:8080',
    NOTIFICATIONS_API_TOKEN: 'not-used-to-build-the-openapi-document',
    ALERTS_API_URL: 'http://alerts:8080',
    ALERTS_API_TOKEN: 'not-used-to-build-the-openapi-document',
    GEOFENCING_API_URL: 'http://geofencing:8080',
    GEOFENCING_API_TOKEN: 'not-used-to-build-the-openapi-document',
    ANALYTICS_API_URL: 'http://analytics:8080',
    ANALYTICS_API_TOKEN: 'not-used-to-build-the-openapi-document',
    LOG_LEVEL: 'silent',
  });
  const pool = createPostgresPool({ url: 'postgres://127.0.0.1:1/not-queried', max: 1 });
  const bus = await createInProcessMessageBus({
    broker: createInProcessBroker(),
    queues: [accountEmailsQueue],
  });
  const metrics = createMetricsRegistry({ service: 'public-api', collectDefaults: false });
  const deps = {
    logger: createLogger({ service: 'public-api', level: 'silent' }),
    metrics,
    pool,
    bus,
    deviceHistory: createPostgresDeviceHistory(pool),
  };
  const deferred = createDeferredWork({ maxPending: 1, metrics });
  const shared = createSharedAdapters(settings, { pool, redis: undefined, logger: deps.logger });
  const live = createLive(settings, {
    homes: shared.homes,
    redis: undefined,
    brokerApi: shared.brokerApi,
    devices: shared.devices,
  });
  const { app } = await buildPublicApiApp(settings, deps, deferred, live, shared);
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await shared.close();
    await bus.close();
    await pool.end();
  }
}
