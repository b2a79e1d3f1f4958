import { readRetryDelaysMs } from '@homeport/config';
import { hostname } from 'node:os';
import {
  accountEmailsQueue,
  notificationRecipientsQueue,
  notificationRequestsQueue,
} from '@homeport/contracts';
import { serveWorker, type ReadinessCheck } from '@homeport/http';
import type { MessageBus } from '@homeport/messaging';
import { createMetricsRegistry, type Logger, type Registry } from '@homeport/observability';
import { createServiceMessageBus, createServicePostgresPool } from '@homeport/service-runtime';
import { checkPostgres, type SqlPool } from '@homeport/storage';
import { createPostgresOutbox } from './adapters/pg-outbox';
import { createPostgresRecipients } from './adapters/pg-recipients';
import { createSmtpEmailSender } from './adapters/smtp-email-sender';
import { type NotificationsConfig, type NotificationsServiceSettings } from './config';
import { createNotificationsMetrics } from './metrics';
import { migrateNotifications } from './migrations';
import { createNotifications } from './notifications';

/** The queues notifications consumes, declared by its bus (public-api declares two of them too). */
export const notificationsQueues = [
  notificationRequestsQueue,
  notificationRecipientsQueue,
  accountEmailsQueue,
];

/** A running notifications service. */
export interface RunningNotifications {
  /** Base URL of /health, /ready and /metrics. */
  readonly url: string;
  readonly metrics: Registry;
  /** Stops the HTTP server, then consuming, then sending (waiting for sends in flight). */
  close(): Promise<void>;
}

/** What notifications runs on: the servers' connections (startNotifications) or the embedded host's. */
export interface NotificationsRuntime {
  /** A bus whose `queues` include `notificationsQueues`. */
  readonly bus: MessageBus;
  /** Where the service's schema (`notifications`) is, migrated. */
  readonly pool: SqlPool;
  /** Checked by GET /ready, one per dependency. */
  readonly readinessChecks: Readonly<Record<string, ReadinessCheck>>;
}

/**
 * Starts notifications on the real servers: migrations (when RUN_MIGRATIONS), PostgreSQL and RabbitMQ, then
 * the service (startNotificationsOn). Closing it closes the connections too.
 */
export async function startNotifications(
  config: NotificationsConfig,
  deps: { readonly logger: Logger },
): Promise<RunningNotifications> {
  if (config.RUN_MIGRATIONS) {
    const applied = await migrateNotifications({ databaseUrl: config.DATABASE_URL });
    if (applied.length > 0) deps.logger.info({ applied }, 'migrations applied');
  }
  const pool = createServicePostgresPool(deps.logger, {
    url: config.DATABASE_URL,
    max: config.POSTGRES_POOL_SIZE,
    applicationName: 'notifications',
  });
  try {
    const bus = await createServiceMessageBus(deps.logger, {
      url: config.AMQP_URL,
      connectionName: `notifications@${hostname()}/${process.pid}`,
      queues: notificationsQueues,
      namePrefix: config.AMQP_NAME_PREFIX,
      retryDelaysMs: readRetryDelaysMs(config),
    });
    const running = await startNotificationsOn(config, {
      logger: deps.logger,
      runtime: {
        bus,
        pool,
        readinessChecks: { rabbitmq: () => bus.checkReady(), postgres: () => checkPostgres(pool) },
      },
    }).catch(async (error: unknown) => {
      await bus.close();
      throw error;
    });
    return {
      ...running,
      async close() {
        await running.close();
        await bus.close();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * Starts the service on a given runtime: the SMTP sender, the dispatcher, the consumers, then the HTTP server
 * (GET /health, /ready, /metrics). Closing it leaves the runtime's connections open.
 */
export async function startNotificationsOn(
  settings: NotificationsServiceSettings,
  deps: { readonly logger: Logger; readonly runtime: NotificationsRuntime },
): Promise<RunningNotifications> {
  const { logger, runtime } = deps;
  const registry = createMetricsRegistry({ service: 'notifications' });
  const email = createSmtpEmailSender({
    url: settings.SMTP_URL,
    from: settings.EMAIL_FROM,
    maxConnections: settings.SMTP_MAX_CONNECTIONS,
    timeoutMs: settings.SMTP_TIMEOUT_MS,
  });
  const service = createNotifications({
    adapters: {
      bus: runtime.bus,
      outbox: createPostgresOutbox(runtime.pool),
      recipients: createPostgresRecipients(runtime.pool),
      senders: { email },
    },
    settings: {
      webAppUrl: settings.WEB_APP_URL,
      prefetch: settings.PREFETCH,
      retryDelaysMs: readRetryDelaysMs(settings),
      dispatch: {
        concurrency: settings.DISPATCH_CONCURRENCY,
        leaseMs: settings.DISPATCH_LEASE_MS,
        pollIntervalMs: settings.DISPATCH_POLL_MS,
        retry: {
          baseDelayMs: settings.DELIVERY_RETRY_BASE_MS,
          maxDelayMs: settings.DELIVERY_RETRY_MAX_MS,
          maxAttempts: settings.DELIVERY_MAX_ATTEMPTS,
        },
      },
      circuit: { failureThreshold: settings.CIRCUIT_FAILURES, cooldownMs: settings.CIRCUIT_COOLDOWN_MS },
    },
    metrics: createNotificationsMetrics(registry),
    logger,
  });
  const served = await serveWorker({
    service: 'notifications',
    logger,
    metrics: registry,
    readinessChecks: runtime.readinessChecks,
    host: settings.HTTP_HOST,
    port: settings.HTTP_PORT,
    work: {
      start: () => service.start(),
      async stop() {
        await service.stop();
        await email.close();
      },
    },
  });
  return { url: served.url, metrics: registry, close: () => served.close() };
}
