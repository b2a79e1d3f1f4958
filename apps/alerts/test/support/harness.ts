import { randomUUID } from 'node:crypto';
import {
  alertFiredV1,
  alertResolvedV1,
  deviceEventV1,
  devicePresenceV1,
  deviceStateChangedV1,
  deviceTelemetryRecordedV1,
  type CreateAlertRuleRequest,
  type MessageContract,
  type MessagePayload,
} from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '@homeport/messaging';
import { createLogger } from '@homeport/observability';
import type { Registry } from '@homeport/observability';
import { createPostgresPool, type SqlPool } from '@homeport/storage';
import {
  brokerApiToken,
  createPipeline,
  createTestDatabase,
  listenForEvents,
  requestJson,
  stateWorkersRetryDelaysMs,
  sumMetric,
  waitFor,
  type BrokerApiProcess,
  type EventListener,
  type JsonAnswer,
  type Pipeline,
  type TestDatabase,
} from '@homeport/testing';
import type { RunningWorker } from '@homeport/service-runtime';
import { loadAlertsConfig } from '../../src/config';
import { alertsQueues, startAlerts } from '../../src/start-alerts';

/** The internal API's bearer token in tests. */
export const testAlertsApiToken = 'test-alerts-api-token-0123456789abcdef0123';

/** A provisioned device of the harness's product, claimed into `homeId`. */
export interface TestDevice {
  readonly vendorId: string;
  readonly productId: string;
  readonly deviceId: string;
  readonly homeId: string;
}

/** What a test heard of alerts. */
export interface AlertListeners {
  readonly fired: EventListener<typeof alertFiredV1>;
  readonly resolved: EventListener<typeof alertResolvedV1>;
  firedFor(deviceId: string): MessagePayload<typeof alertFiredV1>[];
  resolvedFor(deviceId: string): MessagePayload<typeof alertResolvedV1>[];
}

/** The servers of one test file: a broker-api process (the registry), alerts' database, a publisher's bus. */
export interface Harness {
  readonly pipeline: Pipeline;
  readonly brokerApi: BrokerApiProcess;
  readonly pool: SqlPool;
  readonly bus: MessageBus;
  /** The environment an alerts process of this file runs with. */
  readonly env: Readonly<Record<string, string>>;
  /** Starts alerts in this process on the file's servers. */
  startService(): Promise<RunningWorker>;
  /** Stops one of the services started, before the others. */
  stopService(service: RunningWorker): Promise<void>;
  /** A new device of a thermostat product (features temperature, humidity), in a new home. */
  provisionDevice(): Promise<TestDevice>;
  /** Calls the alerts service's internal API with the test token. */
  api<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<JsonAnswer<T>>;
  /** Creates a rule for the device's home through the API; resolves with its id. */
  createRule(baseUrl: string, device: TestDevice, rule: Partial<CreateAlertRuleRequest>): Promise<string>;
  publishState(device: TestDevice, state: Record<string, number>): Promise<void>;
  publishTelemetry(device: TestDevice, metrics: Record<string, number>): Promise<void>;
  publishPresence(device: TestDevice, status: 'online' | 'offline'): Promise<void>;
  /** A device event, as broker-api or fan-out put it on the device messages exchange. */
  publishEvent(device: TestDevice, event: string, severity?: 'info' | 'warning' | 'critical'): Promise<void>;
  listen<M extends MessageContract>(message: M): Promise<EventListener<M>>;
  /** Listens to alert.fired and alert.resolved (closed with the harness). */
  listenToAlerts(): Promise<AlertListeners>;
  /**
   * Resolves once the services started here evaluated every device event published here, emptied the outbox,
   * and the listeners heard every alert event of their type the services published: what comes after can
   * only come from a timer (a sweep, the outbox's poll). Instead of sleeping before asserting that something
   * did not happen.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates the file's servers; `settings` are alerts environment keys (quick sweeps, ...), `brokerApiEnv`
 * broker-api's (its ingest mode, ...).
 */
export async function createHarness(
  purpose: string,
  settings: Record<string, string> = {},
  brokerApiEnv: Record<string, string> = {},
): Promise<Harness> {
  const pipeline = await createPipeline(purpose, { busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs });
  const database: TestDatabase = await createTestDatabase(`${purpose}_alerts`);
  const brokerApi = await pipeline.startBrokerApi(brokerApiEnv);
  const { amqpPrefix, urls } = pipeline.resources;
  const pool = createPostgresPool({ url: database.url, max: 4 });
  const bus = await createAmqpMessageBus({
    url: urls.amqpUrl,
    connectionName: `${amqpPrefix}publisher`,
    queues: alertsQueues,
    namePrefix: amqpPrefix,
  });
  const env: Record<string, string> = {
    AMQP_URL: urls.amqpUrl,
    AMQP_NAME_PREFIX: amqpPrefix,
    DATABASE_URL: database.url,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    ALERTS_API_TOKEN: testAlertsApiToken,
    BROKER_API_URL: brokerApi.url,
    BROKER_API_TOKEN: brokerApiToken,
    // The pipeline deletes the retry queues of these delays.
    RETRY_DELAYS_MS: stateWorkersRetryDelaysMs.join(','),
    SWEEP_INTERVAL_MS: '200',
    OUTBOX_POLL_MS: '200',
    ...settings,
  };
  const services: RunningWorker[] = [];
  // Every service's metrics, those stopped too: what they evaluated and published still counts.
  const registries: Registry[] = [];
  const listeners: { type: string; listener: EventListener<MessageContract> }[] = [];
  const listen = async <M extends MessageContract>(message: M) => {
    const listener = await listenForEvents(amqpPrefix, message);
    listeners.push({ type: message.type, listener });
    return listener;
  };
  // Device events published, by message type (alerts_events_total's label).
  const published = new Map<string, number>();
  const publish = async <M extends MessageContract>(message: M, payload: MessagePayload<M>) => {
    await bus.publish(message, payload);
    published.set(message.type, (published.get(message.type) ?? 0) + 1);
  };
  const sumOverServices = async (metric: string, type: string) => {
    const texts = await Promise.all(registries.map((registry) => registry.metrics()));
    return texts.reduce((sum, text) => sum + sumMetric(text, metric, { type }), 0);
  };
  const vendorId = `v${randomUUID().slice(0, 8)}`;
  const productId = 'thermostat';
  const registry = <T>(method: string, path: string, body?: unknown) =>
    requestJson<T>(brokerApi.url, method, path, { body, token: brokerApiToken });
  await registry('POST', '/vendors', { id: vendorId, name: 'Acme' });
  await registry('POST', `/vendors/${vendorId}/products`, {
    id: productId,
    name: 'Thermostat',
    features: ['temperature', 'humidity', 'setpoint'],
  });
  const api = <T>(baseUrl: string, method: string, path: string, body?: unknown) =>
    requestJson<T>(baseUrl, method, path, { body, token: testAlertsApiToken });
  return {
    pipeline,
    brokerApi,
    pool,
    bus,
    env,
    async startService() {
      const config = loadAlertsConfig(env);
      const running = await startAlerts(config, {
        logger: createLogger({ service: 'alerts', level: config.LOG_LEVEL }),
      });
      services.push(running);
      registries.push(running.metrics);
      return running;
    },
    async stopService(service) {
      services.splice(services.indexOf(service), 1);
      await service.close();
    },
    async provisionDevice() {
      const deviceId = `d${randomUUID().slice(0, 12)}`;
      const homeId = randomUUID();
      const created = await registry('POST', '/devices', { id: deviceId, vendorId, productId });
      if (created.status !== 201) throw new Error(`provisioning answered ${created.status}`);
      await registry('PATCH', `/devices/${deviceId}`, { ownerId: homeId });
      return { vendorId, productId, deviceId, homeId };
    },
    api,
    async createRule(baseUrl, device, rule) {
      const answer = await api<{ id: string }>(baseUrl, 'POST', '/rules', {
        owner: { kind: 'home', homeId: device.homeId },
        target: { kind: 'device', deviceId: device.deviceId },
        name: 'Frost',
        condition: { kind: 'threshold', source: 'state', property: 'temperature', operator: '<', value: 5 },
        severity: 'critical',
        message: '{device}: {property} is {value} °C',
        ...rule,
      });
      if (answer.status !== 201)
        throw new Error(`creating the rule answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body.id;
    },
    publishState: (device, state) =>
      publish(deviceStateChangedV1, {
        vendorId: device.vendorId,
        deviceId: device.deviceId,
        changed: state,
        state,
        reportedAt: Date.now(),
      } satisfies MessagePayload<typeof deviceStateChangedV1>),
    publishTelemetry: (device, metrics) =>
      publish(deviceTelemetryRecordedV1, {
        vendorId: device.vendorId,
        deviceId: device.deviceId,
        metrics,
        at: Date.now(),
      }),
    publishPresence: (device, status) =>
      publish(devicePresenceV1, {
        vendorId: device.vendorId,
        deviceId: device.deviceId,
        status,
        reason: status === 'online' ? 'connected' : 'connection_lost',
        at: Date.now(),
      }),
    publishEvent: (device, event, severity) =>
      publish(deviceEventV1, {
        messageId: `${device.vendorId}/${device.deviceId}/${randomUUID()}`,
        vendorId: device.vendorId,
        deviceId: device.deviceId,
        receivedAt: Date.now(),
        payload: { seq: 1, ts: Date.now(), event, ...(severity !== undefined && { severity }) },
      }),
    listen,
    async listenToAlerts() {
      const [fired, resolved] = await Promise.all([listen(alertFiredV1), listen(alertResolvedV1)]);
      return {
        fired,
        resolved,
        firedFor: (deviceId) => fired.events().filter((event) => event.deviceId === deviceId),
        resolvedFor: (deviceId) => resolved.events().filter((event) => event.deviceId === deviceId),
      };
    },
    async settle() {
      await waitFor(async () => {
        for (const [type, count] of published)
          if ((await sumOverServices('alerts_events_total', type)) < count) return false;
        return true;
      }, 'every device event published evaluated');
      await waitFor(
        async () => (await pool.query('SELECT 1 FROM alerts.outbox LIMIT 1')).rowCount === 0,
        'the outbox emptied',
      );
      await waitFor(async () => {
        for (const { type, listener } of listeners)
          if (listener.heard.length < (await sumOverServices('alerts_events_published_total', type)))
            return false;
        return true;
      }, 'every alert event published heard');
    },
    async close() {
      await Promise.all(listeners.map(({ listener }) => listener.close()));
      await Promise.all(services.map((service) => service.close()));
      await bus.close();
      await pool.end();
      await pipeline.close();
      await database.drop();
    },
  };
}
