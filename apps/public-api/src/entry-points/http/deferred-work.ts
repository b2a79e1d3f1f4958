import { AppError, isAppError } from '@homeport/errors';
import { createGauge, type Registry } from '@homeport/observability';
import type { FastifyBaseLogger } from 'fastify';

/**
 * Work a request starts and answers before it is done (202 Accepted): the sign-up email and password reset
 * requests. Their answer must not tell whether an address has an account, and the work differs (a reset
 * token and an event for an account, nothing for an unknown address: 13 ms against 3 ms measured), so the
 * answer never waits for it. Bounded, so a flood of requests cannot pile up work; failures are logged with
 * the request id.
 */
export interface DeferredWork {
  /** Starts `work`; 503 SERVER_BUSY when `maxPending` are still running. */
  run(log: FastifyBaseLogger, what: string, work: () => Promise<void>): void;
  /** Resolves once every work started so far has settled (shutdown). */
  settle(): Promise<void>;
}

/** Creates the tracker; its gauge `public_api_deferred_work_pending` counts what is running. */
export function createDeferredWork(deps: { maxPending: number; metrics: Registry }): DeferredWork {
  const running = new Set<Promise<void>>();
  const pending = createGauge(deps.metrics, {
    name: 'public_api_deferred_work_pending',
    help: 'Sign-ups and password reset requests answered and still being processed.',
  });
  return {
    run(log, what, work) {
      if (running.size >= deps.maxPending) {
        throw new AppError(
          'unavailable',
          'SERVER_BUSY',
          `${running.size} requests are still being processed`,
        );
      }
      const settled = work().then(
        () => undefined,
        (error: unknown) => {
          if (isAppError(error) && error.kind === 'unavailable') log.warn({ err: error }, `${what} failed`);
          else log.error({ err: error }, `${what} failed`);
        },
      );
      running.add(settled);
      pending.set(running.size);
      void settled.finally(() => {
        running.delete(settled);
        pending.set(running.size);
      });
    },
    async settle() {
      await Promise.all([...running]);
    },
  };
}
