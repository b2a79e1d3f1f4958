import type { Logger } from '@homeport/observability';

/** A running periodic job. */
export interface PeriodicJob {
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs`, never two runs at once; a failure is logged as `failureMessage` and the
 * task tried again next time. Stopping waits for the run in progress.
 */
export function startPeriodicJob(deps: {
  readonly task: () => Promise<void>;
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly failureMessage: string;
}): PeriodicJob {
  let running: Promise<void> | undefined;
  const run = async (): Promise<void> => {
    try {
      await deps.task();
    } catch (error) {
      deps.logger.warn({ err: error }, deps.failureMessage);
    }
  };
  const timer = setInterval(() => {
    running ??= run().finally(() => {
      running = undefined;
    });
  }, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
