import { generateKeyPairSync } from 'node:crypto';
import type { TestDatabase } from './test-database';
import type { TestInfluxDatabase } from './test-influx-database';
import type { TestServerUrls } from './server-urls';

/** Bearer token of a test pipeline's broker-api HTTP API. */
export const brokerApiToken = 'e2e-broker-api-token-0123456789abcdef0123';
/** broker-api's read-only token (GET /devices[/:id]), what fan-out's registry check uses. */
export const brokerApiRegistryReadToken = 'e2e-registry-read-token-0123456789abcdef';
/** Bearer token of a test notifications service's internal HTTP API (its NOTIFICATIONS_API_TOKEN). */
export const notificationsApiToken = 'e2e-notifications-api-token-0123456789abcdef';
/** Bearer token of a test geofencing service's internal HTTP API (its GEOFENCING_API_TOKEN). */
export const geofencingApiToken = 'e2e-geofencing-api-token-0123456789abcdef';
/** Where no geofencing service listens: public-api's automation routes answer 503 GEOFENCING_UNAVAILABLE. */
export const absentGeofencingApiUrl = 'http://127.0.0.1:9';
/** Where no notifications service listens: public-api's notification routes answer 503 NOTIFICATIONS_UNAVAILABLE. */
export const absentNotificationsApiUrl = 'http://127.0.0.1:9';
/** Bearer token of a test alerts service's internal HTTP API (its ALERTS_API_TOKEN). */
export const alertsApiToken = 'e2e-alerts-api-token-0123456789abcdef0123';
/** Where no alerts service listens: public-api's alert routes answer 503 ALERTS_UNAVAILABLE. */
export const absentAlertsApiUrl = 'http://127.0.0.1:9';

/** Bearer token of a test analytics service's internal HTTP API (its ANALYTICS_API_TOKEN). */
export const analyticsApiToken = 'e2e-analytics-api-token-0123456789abcdef';
/** Where no analytics service listens: public-api's analytics routes answer 503 ANALYTICS_UNAVAILABLE. */
export const absentAnalyticsApiUrl = 'http://127.0.0.1:9';

/** fan-out's MQTT service token at broker-api (`MQTT_SERVICE_TOKENS=fan-out=<token>`). */
export const fanOutServiceToken = 'e2e-fan-out-token-0123456789abcdef012345';

/** Retry delays of the state-workers processes (short: a transient failure is retried soon). */
export const stateWorkersRetryDelaysMs = [200, 1000, 5000];

/** What every service of one pipeline shares, and what each has of its own. */
export interface PipelineResources {
  readonly urls: TestServerUrls;
  /** One AMQP name prefix for all three services, so they meet on the same exchanges and queues. */
  readonly amqpPrefix: string;
  readonly brokerDatabase: TestDatabase;
  readonly workersDatabase: TestDatabase;
  readonly publicApiDatabase: TestDatabase;
  readonly influx: TestInfluxDatabase;
  readonly redisPrefixes: {
    readonly broker: string;
    readonly fanOut: string;
    readonly workers: string;
    readonly publicApi: string;
  };
}

const quickAndLocal = { HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', LOG_LEVEL: 'info' };

/**
 * state-workers' time-series retention for tests: tests write points dated months back (fixtures from
 * 2026-01-01), which the default (30 days raw) would delete at the maintenance's first round, a minute after
 * a start. Retention itself is tested on the stores with rules of its own.
 */
export const testTimeSeriesRetention = {
  TIME_SERIES_RAW_RETENTION_DAYS: '36500',
  TIME_SERIES_5M_RETENTION_DAYS: '36500',
};

/**
 * Node flags of each service process, as production's containers get them: Node sizes broker-api's old
 * space at half its 1 GiB memory limit (k8s/overlays/production/broker-api.yaml), so V8 collects before the
 * heap outgrows it (apps/broker-api/README.md, "Bursts of connections and memory").
 */
export const serviceNodeFlags: Readonly<Record<string, readonly string[]>> = {
  'broker-api': ['--max-old-space-size=512'],
};

/**
 * broker-api: ports 0, its own database and Redis prefix, a per-device rate limit no test reaches; its shadows
 * read state-workers' cached current state under their prefix.
 */
export function createBrokerApiEnv(resources: PipelineResources): Record<string, string> {
  return {
    ...quickAndLocal,
    DATABASE_URL: resources.brokerDatabase.url,
    REDIS_URL: resources.urls.redisUrl,
    AMQP_URL: resources.urls.amqpUrl,
    AMQP_NAME_PREFIX: resources.amqpPrefix,
    REDIS_KEY_PREFIX: resources.redisPrefixes.broker,
    DEVICE_STATE_KEY_PREFIX: resources.redisPrefixes.workers,
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    MQTT_WS_PORT: '0',
    BROKER_API_TOKEN: brokerApiToken,
    BROKER_API_REGISTRY_READ_TOKEN: brokerApiRegistryReadToken,
    DEVICE_SECRET_PEPPER: 'e2e-device-secret-pepper-0123456789abcdef',
    MQTT_SERVICE_TOKENS: `fan-out=${fanOutServiceToken}`,
    MQTT_PARTITIONED_SERVICES: 'fan-out',
    MQTT_PUBLISH_RATE_PER_SECOND: '100000',
    MQTT_PUBLISH_BURST: '100000',
  };
}

/** fan-out: its own Redis prefix (partition leases), quick reconnects and retries; add the source broker. */
export function createFanOutEnv(resources: PipelineResources): Record<string, string> {
  return {
    ...quickAndLocal,
    AMQP_URL: resources.urls.amqpUrl,
    AMQP_NAME_PREFIX: resources.amqpPrefix,
    REDIS_URL: resources.urls.redisUrl,
    REDIS_KEY_PREFIX: resources.redisPrefixes.fanOut,
    MQTT_RECONNECT_MS: '200',
    MQTT_CONNECT_TIMEOUT_MS: '5000',
    RETRY_MAX_DELAY_MS: '500',
    SHUTDOWN_GRACE_MS: '500',
    LEASE_TTL_MS: '3000',
  };
}

/**
 * fan-out's source settings for broker-api: it logs in as the service `fan-out`, partitioned (aedes has no
 * shared subscriptions), with partition sessions `service:fan-out-p{k}of{P}` (broker-api accepts `service:fan-out`
 * only with exactly that client id or, as MQTT_PARTITIONED_SERVICES allows it, those partition session ids).
 */
export function fanOutSourceForBrokerApi(mqttUrl: string, partitionCount = 2): Record<string, string> {
  return {
    MQTT_URL: mqttUrl,
    MQTT_USERNAME: 'service:fan-out',
    MQTT_PASSWORD: fanOutServiceToken,
    MQTT_CLIENT_ID: 'service:fan-out',
    MQTT_PROTOCOL_VERSION: '4',
    SUBSCRIPTION_MODE: 'partitioned',
    PARTITION_COUNT: String(partitionCount),
  };
}

/** state-workers: its own database, Redis prefix and InfluxDB database. */
export function createStateWorkersEnv(resources: PipelineResources): Record<string, string> {
  return {
    ...quickAndLocal,
    AMQP_URL: resources.urls.amqpUrl,
    AMQP_NAME_PREFIX: resources.amqpPrefix,
    DATABASE_URL: resources.workersDatabase.url,
    REDIS_URL: resources.urls.redisUrl,
    REDIS_KEY_PREFIX: resources.redisPrefixes.workers,
    INFLUX_URL: resources.influx.url,
    INFLUX_DATABASE: resources.influx.database,
    RETRY_DELAYS_MS: stateWorkersRetryDelaysMs.join(','),
    ...testTimeSeriesRetention,
  };
}

/** A new Ed25519 private JWK with its `kid`, as public-api's JWT_SIGNING_KEY holds it. */
export function createSigningKey(kid: string): string {
  const { x, d } = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return JSON.stringify({ kty: 'OKP', crv: 'Ed25519', kid, x, d });
}

/** public-api's rate limits, each raised beyond what a test sends from its one address (127.0.0.1). */
export const unreachedPublicApiLimits: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'PER_ADDRESS',
    'PER_CREDENTIAL',
    'LOGIN_FAILURES_PER_EMAIL',
    'LOGIN_FAILURES_PER_ADDRESS',
    'REFRESH_PER_ADDRESS',
    'SIGN_UP_PER_ADDRESS',
    'PASSWORD_RESET_PER_ADDRESS',
    'CLAIM_PER_USER',
    'CLAIM_PER_ADDRESS',
    'PHONE_CODES_PER_USER',
  ].map((name) => [`RATE_LIMIT_${name}`, '1000000/1s']),
);

/**
 * public-api: its own database (migrated at its start, as its image does) and Redis prefix (rate-limit
 * counters, with limits no test reaches), the pipeline's AMQP prefix (its email requests wait in the queue
 * it declares), a signing key made for the pipeline, the pipeline's broker-api (its base URL) and InfluxDB
 * database (device history, as state-workers writes it); no notifications service (env can name one).
 */
export function createPublicApiEnv(
  resources: PipelineResources,
  signingKey: string,
  brokerApiUrl: string,
): Record<string, string> {
  return {
    ...quickAndLocal,
    DATABASE_URL: resources.publicApiDatabase.url,
    AMQP_URL: resources.urls.amqpUrl,
    AMQP_NAME_PREFIX: resources.amqpPrefix,
    REDIS_URL: resources.urls.redisUrl,
    REDIS_KEY_PREFIX: resources.redisPrefixes.publicApi,
    ...unreachedPublicApiLimits,
    RUN_MIGRATIONS: 'true',
    JWT_SIGNING_KEY: signingKey,
    BROKER_API_URL: brokerApiUrl,
    BROKER_API_TOKEN: brokerApiToken,
    NOTIFICATIONS_API_URL: absentNotificationsApiUrl,
    NOTIFICATIONS_API_TOKEN: notificationsApiToken,
    ALERTS_API_URL: absentAlertsApiUrl,
    ALERTS_API_TOKEN: alertsApiToken,
    GEOFENCING_API_URL: absentGeofencingApiUrl,
    GEOFENCING_API_TOKEN: geofencingApiToken,
    ANALYTICS_API_URL: absentAnalyticsApiUrl,
    ANALYTICS_API_TOKEN: analyticsApiToken,
    INFLUX_URL: resources.influx.url,
    INFLUX_DATABASE: resources.influx.database,
  };
}
