import { createLogger } from '@homeport/observability';
import { loadStateWorkersConfig } from './config';
import { startStateWorkers } from './start-state-workers';

/** Composition root: the only place that reads process.env. */
async function main(): Promise<void> {
  const config = loadStateWorkersConfig(process.env);
  const logger = createLogger({ service: 'state-workers', level: config.LOG_LEVEL });
  const running = await startStateWorkers(config, { logger });
  logger.info({ url: running.url }, 'state-workers started');
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration): one JSON line on stderr.
  console.error(JSON.stringify({ level: 'fatal', msg: 'state-workers failed to start', err: String(error) }));
  process.exit(1);
});
