import { brokerApiToken, geofencingApiToken } from './pipeline-env';
import { readTestServerUrls } from './server-urls';
import { startServiceWithDatabase, type ServiceWithDatabase } from './service-with-database';

/** A geofencing service as its own process; its database (schema `geofencing`) shows presence and the outbox. */
export type GeofencingProcess = ServiceWithDatabase;

/**
 * Starts apps/geofencing as a process for another service's tests (public-api's locations): the caller's
 * AMQP prefix, so that what public-api publishes reaches it.
 */
export function startGeofencingProcess(
  purpose: string,
  options: { readonly amqpPrefix: string; readonly env?: Readonly<Record<string, string>> },
): Promise<GeofencingProcess> {
  return startServiceWithDatabase(purpose, 'geofencing', (databaseUrl) => ({
    AMQP_URL: readTestServerUrls().amqpUrl,
    AMQP_NAME_PREFIX: options.amqpPrefix,
    DATABASE_URL: databaseUrl,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '200',
    // A test that kills the process sees the events it had claimed published by the next one within seconds.
    OUTBOX_LEASE_MS: '3000',
    AUTOMATION_POLL_MS: '200',
    GEOFENCING_API_TOKEN: geofencingApiToken,
    // Automations reach broker-api: the caller names it (env) when its test has one.
    BROKER_API_URL: 'http://127.0.0.1:9',
    BROKER_API_TOKEN: brokerApiToken,
    ...options.env,
  }));
}
