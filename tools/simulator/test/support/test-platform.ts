import { defaultConsumeOptions } from '@homeport/messaging';
import {
  createTestDatabase,
  createTestRedisPrefix,
  createUniqueName,
  deleteAmqpTopology,
  readTestServerUrls,
  startServiceProcess,
  type ServiceProcess,
} from '@homeport/testing';

/** Bearer token of the test broker-api's HTTP API. */
export const testApiToken = 'simulator-test-api-token-0123456789abcdef';
/** MQTT token of the `service:observer` client, which may subscribe to every device's messages. */
export const observerToken = 'simulator-test-observer-0123456789abcdef';

/** broker-api as a process of its own, on a database, Redis prefix and AMQP prefix of the suite's own. */
export interface TestPlatform {
  readonly broker: ServiceProcess;
  readonly apiUrl: string;
  readonly mqttUrl: string;
  /** Stops broker-api, then drops the database, keys, queues and exchanges. */
  close(): Promise<void>;
}

/**
 * Starts broker-api the way a deployment does (`node --import tsx apps/broker-api/src/main.ts`), with its
 * default per-device publish limit (10/s, burst 50), so a simulator that publishes too fast would show it.
 */
export async function startTestPlatform(purpose: string): Promise<TestPlatform> {
  const urls = readTestServerUrls();
  const database = await createTestDatabase(purpose);
  const redis = createTestRedisPrefix(purpose);
  const amqpPrefix = `${createUniqueName(purpose)}.`;
  const cleanUp = () =>
    Promise.all([
      database.drop(),
      redis.deleteKeys(),
      deleteAmqpTopology(amqpPrefix, { busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs }),
    ]);
  let broker: ServiceProcess;
  try {
    broker = await startServiceProcess({
      service: 'broker-api',
      label: 'broker-api',
      env: {
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        MQTT_HOST: '127.0.0.1',
        MQTT_PORT: '0',
        MQTT_WS_PORT: '0',
        LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        REDIS_URL: urls.redisUrl,
        REDIS_KEY_PREFIX: redis.keyPrefix,
        AMQP_URL: urls.amqpUrl,
        AMQP_NAME_PREFIX: amqpPrefix,
        BROKER_API_TOKEN: testApiToken,
        DEVICE_SECRET_PEPPER: 'simulator-test-pepper-0123456789abcdef01',
        MQTT_SERVICE_TOKENS: `observer=${observerToken}`,
        // The observer sees what devices publish as an MQTT subscriber of the broker, as fan-out does in this
        // mode; with direct ingest (the default) broker-api hands them to the ingest queue without routing.
        INGEST_MODE: 'mqtt-subscriber',
      },
    });
    await broker.waitForReady();
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const mqtt = broker.startedLine.mqtt as { tcpPort?: unknown } | undefined;
  return {
    broker,
    apiUrl: broker.url,
    mqttUrl: `mqtt://127.0.0.1:${String(mqtt?.tcpPort)}`,
    async close() {
      await broker.stop(3000);
      await cleanUp();
    },
  };
}
