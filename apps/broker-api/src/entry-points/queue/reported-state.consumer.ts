import { brokerApiReportedStateQueue, deviceStateChangedV1 } from '@homeport/contracts';
import { isAppError } from '@homeport/errors';
import type { Consumer, MessageBus } from '@homeport/messaging';
import { createCounter, type Logger, type Registry } from '@homeport/observability';
import type { ShadowService } from '../../domain/shadow-service';

/** What the reported-state consumer needs. */
export interface ReportedStateConsumerDeps {
  readonly bus: MessageBus;
  readonly shadows: ShadowService;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/**
 * Keeps each shadow's copy of the reported state from state-workers' device.state-changed.v1 events.
 * Idempotent: a redelivered or older event does not overwrite a newer copy; events of unknown devices are
 * acknowledged and dropped (the device was deleted), and so are those whose report was received before the
 * device was created (a late event of a deleted device that had the id). A failure goes back to the bus (retried when
 * transient or unknown, else dead-lettered with its reason) after being counted; an unknown one (a bug) is
 * logged with its stack, and stays with its event: the service goes on.
 */
export function startReportedStateConsumer(deps: ReportedStateConsumerDeps): Promise<Consumer> {
  const failures = createCounter(deps.metrics, {
    name: 'broker_api_reported_copy_failures_total',
    help: 'State-changed events whose reported copy failed (the bus retries or dead-letters them), by error kind; bug: not an AppError.',
    labelNames: ['kind'],
  });
  const ignored = createCounter(deps.metrics, {
    name: 'broker_api_reported_copies_ignored_total',
    help: 'State-changed events acknowledged without a change: older than the copy, of an unknown device, or received before the device was created.',
  });
  return deps.bus.consume(brokerApiReportedStateQueue, {
    [deviceStateChangedV1.type]: async (event, meta) => {
      const { deviceId, state, seq, reportedAt, receivedAt } = event;
      try {
        const recorded = await deps.shadows.recordReported({
          deviceId,
          state,
          seq,
          reportedAt: new Date(reportedAt),
          ...(receivedAt === undefined ? {} : { receivedAt: new Date(receivedAt) }),
        });
        if (!recorded) ignored.inc();
      } catch (error) {
        const kind = isAppError(error) ? error.kind : 'bug';
        failures.inc({ kind });
        const log = { err: error, deviceId, messageId: meta.messageId, attempt: meta.attempt };
        if (kind === 'bug') deps.logger.error(log, 'recording a reported copy failed unexpectedly (a bug)');
        else deps.logger.warn(log, 'a reported copy was not recorded');
        throw error;
      }
    },
  });
}
