import type { Logger } from '@homeport/observability';

/** Closes one thing `main` opened (a server, a consumer, a connection) on the way out. */
export type Closer = () => Promise<void> | void;

/**
 * Stops the process on its first SIGTERM or SIGINT: logs the signal, runs `closers` one after the other in
 * reverse order (pass them in the order `main` opened them: what was opened last, the entry points,
 * stops first), then exits 0; when a closer fails it logs the failure and exits 1. Each signal is handled
 * once, so a second SIGTERM while stopping ends the process at once (Node's default).
 */
export function stopOnSignals(logger: Pick<Logger, 'info' | 'error'>, closers: readonly Closer[]): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    closeInReverse(closers).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function closeInReverse(closers: readonly Closer[]): Promise<void> {
  for (const close of [...closers].reverse()) await close();
}
