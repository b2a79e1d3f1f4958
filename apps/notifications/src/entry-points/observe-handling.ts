import { isAppError, isTransient } from '@homeport/errors';
import type { Logger } from '@homeport/observability';
import type { NotificationsMetrics } from '../metrics';

/** Runs a handler's work and counts what came of it. */
export type ObserveHandling = (type: string, work: () => Promise<string>) => Promise<void>;

/**
 * Counts each handled message by its outcome, and each refused one by its error code before the bus
 * dead-letters it (non-transient AppErrors: unknown user, unknown template, invalid address, ...). Transient
 * and unknown errors go back to the bus to be retried.
 */
export function createHandlingObserver(metrics: NotificationsMetrics, logger: Logger): ObserveHandling {
  return async (type, work) => {
    try {
      metrics.requests.inc({ type, outcome: await work() });
    } catch (error) {
      if (isAppError(error) && !isTransient(error)) {
        metrics.deadLetters.inc({ type, code: error.code });
        logger.warn(
          { type, code: error.code, reason: error.message },
          'a queue message is refused (dead-lettered)',
        );
      } else if (!isAppError(error)) {
        logger.error({ err: error, type }, 'handling a queue message failed');
      }
      throw error;
    }
  };
}
