import {
  alertAcknowledgedV1,
  alertEscalatedV1,
  alertFiredV1,
  alertFlappingChangedV1,
  alertResolvedV1,
} from '@homeport/contracts';
import type { MessageHandler } from '@homeport/messaging';
import type { AlertMessage } from '../domain/alert-events';

/**
 * The handlers of the alert events of a queue (live events, webhooks, notifications), each handing its
 * message, named by its public type, to `handle`.
 */
export function createAlertEventHandlers(
  handle: (message: AlertMessage, messageId: string) => Promise<unknown>,
) {
  const handlers: {
    [alertFiredV1.type]: MessageHandler<typeof alertFiredV1>;
    [alertResolvedV1.type]: MessageHandler<typeof alertResolvedV1>;
    [alertAcknowledgedV1.type]: MessageHandler<typeof alertAcknowledgedV1>;
    [alertEscalatedV1.type]: MessageHandler<typeof alertEscalatedV1>;
    [alertFlappingChangedV1.type]: MessageHandler<typeof alertFlappingChangedV1>;
  } = {
    [alertFiredV1.type]: async (event, { messageId }) => {
      await handle({ type: 'alert.fired', event }, messageId);
    },
    [alertResolvedV1.type]: async (event, { messageId }) => {
      await handle({ type: 'alert.resolved', event }, messageId);
    },
    [alertAcknowledgedV1.type]: async (event, { messageId }) => {
      await handle({ type: 'alert.acknowledged', event }, messageId);
    },
    [alertEscalatedV1.type]: async (event, { messageId }) => {
      await handle({ type: 'alert.escalated', event }, messageId);
    },
    [alertFlappingChangedV1.type]: async (event, { messageId }) => {
      await handle({ type: 'alert.flapping-changed', event }, messageId);
    },
  };
  return handlers;
}
