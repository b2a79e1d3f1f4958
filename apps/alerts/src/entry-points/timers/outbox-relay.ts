import {
  alertAcknowledgedV1,
  alertEscalatedV1,
  alertFiredV1,
  alertFlappingChangedV1,
  alertResolvedV1,
} from '@homeport/contracts';
import { createStoredMessagePublisher, type MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type { PeriodicTask } from '@homeport/service-runtime';
import { relayOutboxRound, type OutboxStore } from '@homeport/storage';
import { createLoggedTask } from './logged-task';
import type { AlertsMetrics } from '../../metrics';

const alertEvents = [
  alertFiredV1,
  alertResolvedV1,
  alertAcknowledgedV1,
  alertEscalatedV1,
  alertFlappingChangedV1,
];

/**
 * Publishes the outbox's events, oldest first (an alert's resolved event never overtakes its fired one), each
 * with its stable message id, and deletes them once RabbitMQ confirmed; runs every `intervalMs` and when a
 * transition wrote one. A claimed batch is this replica's for `leaseMs`, so replicas do not publish the same
 * event at once; one that died mid-batch leaves it to the next claim after the lease (a duplicate at worst,
 * with the same message id).
 */
export function createOutboxRelay(deps: {
  readonly outbox: OutboxStore;
  readonly bus: MessageBus;
  readonly intervalMs: number;
  readonly leaseMs: number;
  readonly batchSize: number;
  readonly metrics: AlertsMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  const publishStored = createStoredMessagePublisher(deps.bus, alertEvents);
  return createLoggedTask('outbox-relay', deps, async () => {
    const round = await relayOutboxRound({
      outbox: deps.outbox,
      batchSize: deps.batchSize,
      leaseMs: deps.leaseMs,
      publish: async (event) => {
        await publishStored(event);
        deps.metrics.published.inc({ type: event.messageType });
      },
    });
    return round.full;
  });
}
