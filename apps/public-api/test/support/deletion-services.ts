import {
  findFreePort,
  startGeofencingProcess,
  type BrokerApiProcess,
  type GeofencingProcess,
} from '@homeport/testing';
import { startAlertsProcess, type AlertsProcess } from './alerts';
import type { TestEnvironment } from './environment';

/** The services an account's deletion reaches besides broker-api, and public-api's settings for them. */
export interface DeletionServices {
  readonly alerts: AlertsProcess;
  readonly geofencing: GeofencingProcess;
  /** ALERTS_* and GEOFENCING_API_URL for a public-api instance. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * An alerts and a geofencing process on the environment's AMQP prefix (a deleted home's rules and automations
 * go through them), their databases named after `purpose`.
 */
export async function startDeletionServices(
  environment: TestEnvironment,
  purpose: string,
): Promise<DeletionServices> {
  const brokerApi = environment.brokerApi as BrokerApiProcess;
  const { amqpPrefix } = environment;
  const geofencingPort = await findFreePort();
  const [alerts, geofencing] = await Promise.all([
    startAlertsProcess(`${purpose}_alerts`, { amqpPrefix, brokerApiUrl: brokerApi.url }),
    startGeofencingProcess(`${purpose}_geo`, { amqpPrefix, env: { HTTP_PORT: String(geofencingPort) } }),
  ]);
  return {
    alerts,
    geofencing,
    env: { ...alerts.env, GEOFENCING_API_URL: `http://127.0.0.1:${geofencingPort}` },
    close: async () => {
      await Promise.all([alerts.close(), geofencing.close()]);
    },
  };
}
