import {
  alertsApiToken,
  brokerApiToken,
  readTestServerUrls,
  startServiceWithDatabase,
  type BrokerApiProcess,
  type ServiceWithDatabase,
} from '@homeport/testing';
import { createTestVendor, provisionThroughBrokerApi, type TestVendor } from './devices';
import type { TestEnvironment, TestInstance, TestUser } from './environment';
import { createHomeHelpers } from './home-helpers';

/** An alerts service process for public-api's suites: public-api's ALERTS_API_URL and ALERTS_API_TOKEN. */
export interface AlertsProcess extends ServiceWithDatabase {
  /** public-api's settings to reach it. */
  readonly env: { readonly ALERTS_API_URL: string; readonly ALERTS_API_TOKEN: string };
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
  const started = await startServiceWithDatabase(purpose, 'alerts', (databaseUrl) => ({
    AMQP_URL: readTestServerUrls().amqpUrl,
    AMQP_NAME_PREFIX: options.amqpPrefix,
    DATABASE_URL: databaseUrl,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    ALERTS_API_TOKEN: alertsApiToken,
    BROKER_API_URL: options.brokerApiUrl,
    BROKER_API_TOKEN: brokerApiToken,
    SWEEP_INTERVAL_MS: '200',
    OUTBOX_POLL_MS: '200',
    ...options.env,
  }));
  return { ...started, env: { ALERTS_API_URL: started.process.url, ALERTS_API_TOKEN: alertsApiToken } };
}

/** A suite's alerts set-up: a home with an owner and a member, a thermostat claimed into it, a stranger. */
export interface AlertHome {
  readonly environment: TestEnvironment;
  readonly alerts: AlertsProcess;
  /** public-api, reaching the alerts process. */
  readonly instance: TestInstance;
  readonly helpers: ReturnType<typeof createHomeHelpers>;
  /** Features temperature, setpoint, battery. */
  readonly vendor: TestVendor;
  readonly owner: TestUser;
  readonly member: TestUser;
  /** A user of no home yet. */
  readonly stranger: TestUser;
  readonly homeId: string;
  readonly deviceId: string;
  close(): Promise<void>;
}

/**
 * On the suite's environment (one with a broker-api), an alerts process on its AMQP prefix (`alertsEnv`: its
 * settings), a public-api instance reaching it, and the home of the suite's people with one device.
 */
export async function createAlertHome(
  environment: TestEnvironment,
  purpose: string,
  alertsEnv: Record<string, string> = {},
): Promise<AlertHome> {
  const brokerApi = environment.brokerApi as BrokerApiProcess;
  const alerts = await startAlertsProcess(purpose, {
    amqpPrefix: environment.amqpPrefix,
    brokerApiUrl: brokerApi.url,
    env: alertsEnv,
  });
  const instance = await environment.startInstance(alerts.env);
  const helpers = createHomeHelpers(instance);
  const vendor = await createTestVendor(brokerApi, ['temperature', 'setpoint', 'battery']);
  const [owner, member, stranger] = await Promise.all([
    instance.createUser(),
    instance.createUser(),
    instance.createUser(),
  ]);
  const homeId = (await helpers.createHome(owner)).id;
  await helpers.join(owner, homeId, member, 'member');
  const provisioned = await provisionThroughBrokerApi(brokerApi, vendor);
  const claimed = await helpers
    .as(owner)
    .call<{ id: string }>('POST', `/v1/homes/${homeId}/devices/claim`, { claimCode: provisioned.claimCode });
  if (claimed.status !== 200) throw new Error(`claim: ${claimed.status}`);
  return {
    environment,
    alerts,
    instance,
    helpers,
    vendor,
    owner,
    member,
    stranger,
    homeId,
    deviceId: claimed.body.id,
    async close() {
      await environment.close();
      await alerts.close();
    },
  };
}
