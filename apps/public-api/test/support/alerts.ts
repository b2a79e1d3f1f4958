import {
  alertsApiToken,
  createTestDatabase,
  startServiceProcess,
  type ServiceProcess,
} from '@homeport/testing';
import { brokerApiToken, readTestServerUrls } from '@homeport/testing';

/** An alerts service process for public-api's suites: public-api's ALERTS_API_URL and ALERTS_API_TOKEN. */
export interface AlertsProcess {
  readonly process: ServiceProcess;
  /** public-api's settings to reach it. */
  readonly env: { readonly ALERTS_API_URL: string; readonly ALERTS_API_TOKEN: string };
  /** Stops the process and drops its database (the queues belong to the caller's prefix). */
  close(): Promise<void>;
}

/**
 * Starts apps/alerts as its own process (apps never import apps) on a database of its own, the suite's AMQP
 * prefix (its events reach the suite's public-api) and the suite's broker-api (devices, products).
 */
export async function startAlertsProcess(
  purpose: string,
  options: {
    readonly amqpPrefix: string;
    readonly brokerApiUrl: string;
    readonly env?: Record<string, string>;
  },
): Promise<AlertsProcess> {
  const database = await createTestDatabase(`${purpose}_alerts`);
  const started = await startServiceProcess({
    service: 'alerts',
    label: 'alerts',
    env: {
      AMQP_URL: readTestServerUrls().amqpUrl,
      AMQP_NAME_PREFIX: options.amqpPrefix,
      DATABASE_URL: database.url,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      ALERTS_API_TOKEN: alertsApiToken,
      BROKER_API_URL: options.brokerApiUrl,
      BROKER_API_TOKEN: brokerApiToken,
      SWEEP_INTERVAL_MS: '200',
      OUTBOX_POLL_MS: '200',
      ...options.env,
    },
  }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    process: started,
    env: { ALERTS_API_URL: started.url, ALERTS_API_TOKEN: alertsApiToken },
    async close() {
      await started.stop();
      await database.drop();
    },
  };
}
