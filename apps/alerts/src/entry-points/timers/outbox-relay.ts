import {
  alertAcknowledgedV1,
  alertFiredV1,
  alertFlappingChangedV1,
  alertResolvedV1,
  type MessageContract,
} from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type { PeriodicTask } from '@homeport/service-runtime';
import { createLoggedTask } from './logged-task';
import type { OutboxRelayStore } from '../../domain/ports';
import type { AlertsMetrics } from '../../metrics';

const contracts: ReadonlyMap<string, MessageContract> = new Map(
  [alertFiredV1, alertResolvedV1, alertAcknowledgedV1, alertFlappingChangedV1].map((message) => [
    message.type,
    message,
  ]),
);

/**
 * Publishes the outbox's events, oldest first, each with its stable message id, and deletes them once
 * RabbitMQ confirmed; runs every `intervalMs` and when a transition wrote one. A claimed batch is this
 * replica's for `leaseMs`, so replicas do not publish the same event at once; one that died mid-batch leaves
 * it to the next claim after the lease (a duplicate at worst, with the same message id).
 */
export function createOutboxRelay(deps: {
  readonly outbox: OutboxRelayStore;
  readonly bus: MessageBus;
  readonly intervalMs: number;
  readonly leaseMs: number;
  readonly batchSize: number;
  readonly metrics: AlertsMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  return createLoggedTask('outbox-relay', deps, async () => {
    const events = await deps.outbox.claim(deps.batchSize, deps.leaseMs);
    const published: string[] = [];
    try {
      for (const event of events) {
        const contract = contracts.get(event.messageType);
        if (contract === undefined)
          throw new Error(`outbox holds an unknown message type ${event.messageType}`);
        // In order: an alert's resolved event never overtakes its fired one.
        await deps.bus.publish(contract, event.payload, { messageId: event.messageId });
        published.push(event.id);
        deps.metrics.published.inc({ type: event.messageType });
      }
    } finally {
      await deps.outbox.remove(published);
    }
    return events.length === deps.batchSize;
  });
}
