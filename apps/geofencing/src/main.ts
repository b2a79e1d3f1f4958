import { createLogger } from '@homeport/observability';
import { runService, stopOnSignals } from '@homeport/service-runtime';
import { loadGeofencingConfig } from './config';
import { startGeofencing } from './start-geofencing';

const service = 'geofencing';

/** Composition root: the only place that reads process.env. */
async function main(): Promise<void> {
  const config = loadGeofencingConfig(process.env);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  // Migrations, PostgreSQL and RabbitMQ, then the relay, the sweep, the consumer and HTTP; closed in reverse.
  const running = await startGeofencing(config, { logger });
  logger.info({ url: running.url }, 'geofencing started');
  stopOnSignals(logger, [() => running.close()]);
}

runService(service, main);
