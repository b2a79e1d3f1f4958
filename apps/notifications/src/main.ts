import { createLogger } from '@homeport/observability';
import { runService, stopOnSignals } from '@homeport/service-runtime';
import { loadNotificationsConfig } from './config';
import { startNotifications } from './start-notifications';

const service = 'notifications';

/** Composition root: the only place that reads process.env. */
async function main(): Promise<void> {
  const config = loadNotificationsConfig(process.env);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  // Migrations, PostgreSQL and RabbitMQ, then the dispatcher, consumers and HTTP; closed in reverse order.
  const running = await startNotifications(config, { logger });
  logger.info({ url: running.url }, 'notifications started');
  stopOnSignals(logger, [() => running.close()]);
}

runService(service, main);
