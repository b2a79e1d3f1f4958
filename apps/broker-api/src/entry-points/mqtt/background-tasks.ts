import type { Logger } from '@homeport/observability';
import type { MqttMetrics } from './mqtt-metrics';

/** Work started from aedes callbacks that cannot wait for it: failures are logged and counted, not lost. */
export interface BackgroundTasks {
  run(task: string, work: () => Promise<unknown>, context?: Record<string, unknown>): void;
  /** Resolves when every task started so far has settled (shutdown). */
  settle(): Promise<void>;
}

/** Creates the tracker of background work. */
export function createBackgroundTasks(deps: { logger: Logger; metrics: MqttMetrics }): BackgroundTasks {
  const running = new Set<Promise<void>>();
  return {
    run(task, work, context = {}) {
      const settled = work().then(
        () => undefined,
        (error: unknown) => {
          deps.metrics.backgroundFailures.inc({ task });
          deps.logger.error({ err: error, task, ...context }, `background task ${task} failed`);
        },
      );
      running.add(settled);
      void settled.finally(() => running.delete(settled));
    },
    async settle() {
      await Promise.all([...running]);
    },
  };
}
