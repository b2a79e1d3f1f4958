import { brokerApiToken, geofencingApiToken } from './pipeline-env';
import { readTestServerUrls } from './server-urls';
import { startServiceProcess, type ServiceProcess } from './service-process';
import { createTestDatabase } from './test-database';

/** A geofencing service as its own process, on a database of its own and a given AMQP prefix. */
export interface GeofencingProcess {
  readonly process: ServiceProcess;
  /** Its database (schema `geofencing`), to look at presence and the outbox. */
  readonly databaseUrl: string;
  /** Stops the process and drops the database (the queues belong to the caller's prefix). */
  close(): Promise<void>;
}

/**
 * Starts apps/geofencing as a process for another service's tests (public-api's locations): its own database
 * (migrated at start), the caller's AMQP prefix, so that what public-api publishes reaches it.
 */
export async function startGeofencingProcess(
  purpose: string,
  options: { readonly amqpPrefix: string; readonly env?: Readonly<Record<string, string>> },
): Promise<GeofencingProcess> {
  const urls = readTestServerUrls();
  const database = await createTestDatabase(`${purpose}_geofencing`);
  const env = {
    AMQP_URL: urls.amqpUrl,
    AMQP_NAME_PREFIX: options.amqpPrefix,
    DATABASE_URL: database.url,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '200',
    AUTOMATION_POLL_MS: '200',
    GEOFENCING_API_TOKEN: geofencingApiToken,
    // Automations reach broker-api: the caller names it (env) when its test has one.
    BROKER_API_URL: 'http://127.0.0.1:9',
    BROKER_API_TOKEN: brokerApiToken,
    ...options.env,
  };
  const started = await startServiceProcess({ service: 'geofencing', label: 'geofencing', env }).catch(
    async (error: unknown) => {
      await database.drop();
      throw error;
    },
  );
  return {
    process: started,
    databaseUrl: database.url,
    async close() {
      await started.stop();
      await database.drop();
    },
  };
}
