import { createLogger } from '@homeport/observability';
import { runService, stopOnSignals } from '@homeport/service-runtime';
import { loadStateWorkersConfig } from './config';
import { startStateWorkers } from './start-state-workers';

const service = 'state-workers';

/** Composition root: the only place that reads process.env. */
async function main(): Promise<void> {
  const config = loadStateWorkersConfig(process.env);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  // Opens the connections (src/connections.ts), then the workers and HTTP; closes them in reverse order.
  const running = await startStateWorkers(config, { logger });
  logger.info({ url: running.url }, 'state-workers started');
  stopOnSignals(logger, [() => running.close()]);
}

runService(service, main);
