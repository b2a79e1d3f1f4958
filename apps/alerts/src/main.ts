import { createLogger } from '@homeport/observability';
import { runService, stopOnSignals } from '@homeport/service-runtime';
import { loadAlertsConfig } from './config';
import { startAlerts } from './start-alerts';

const service = 'alerts';

/** Composition root: the only place that reads process.env. */
async function main(): Promise<void> {
  const config = loadAlertsConfig(process.env);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  // Migrations, PostgreSQL and RabbitMQ, then the rules, sweeps, consumer and HTTP; closed in reverse order.
  const running = await startAlerts(config, { logger });
  logger.info({ url: running.url }, 'alerts started');
  stopOnSignals(logger, [() => running.close()]);
}

runService(service, main);
