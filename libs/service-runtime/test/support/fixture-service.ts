// A service reduced to its skeleton, run as its own process by the tests: `main` fails to start, or opens
// three things (the interval stands for a listening server: it keeps the process alive until closed) and
// stops on signals; with `fail-to-stop` the bus's closer fails.
import { createLogger } from '@homeport/observability';
import { runService, stopOnSignals } from '../../src/index';

const mode = process.argv[2];

runService('fixture', async () => {
  if (mode === 'fail-to-start') throw new Error('config: DATABASE_URL missing');
  const logger = createLogger({ service: 'fixture', level: 'info' });
  const server = setInterval(() => undefined, 60_000);
  const closer = (name: string) => async () => {
    await Promise.resolve();
    if (mode === 'fail-to-stop' && name === 'bus') throw new Error('bus would not close');
    if (name === 'http') clearInterval(server);
    logger.info({ closed: name }, 'closed');
  };
  stopOnSignals(logger, [closer('pool'), closer('bus'), closer('http')]);
  logger.info('started');
  await Promise.resolve();
});
