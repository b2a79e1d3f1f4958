import { createLogger } from '@homeport/observability';
import { runService, stopOnSignals } from '@homeport/service-runtime';
import { loadAnalyticsConfig } from './config';
import { startAnalytics } from './start-analytics';

const service = 'analytics';

/** Composition root: the only place that reads process.env. */
async function main(): Promise<void> {
  const config = loadAnalyticsConfig(process.env);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  // Migrations, PostgreSQL and RabbitMQ, then the consumer, the report schedule, the retention and HTTP; closed in reverse.
  const running = await startAnalytics(config, { logger });
  logger.info({ url: running.url }, 'analytics started');
  stopOnSignals(logger, [() => running.close()]);
}

runService(service, main);
