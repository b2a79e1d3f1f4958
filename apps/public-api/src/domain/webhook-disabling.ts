import type { MessagePayload, webhookEndpointDisabledV1 } from '@homeport/contracts';
import type { Clock } from './clock';
import type { WebhookMessages, WebhookRepository } from './webhooks';

/** What the disabling needs. */
export interface WebhookDisablingDeps {
  readonly endpoints: WebhookRepository;
  readonly messages: WebhookMessages;
  readonly clock: Clock;
}

/**
 * notifications gave up on an endpoint: it is marked disabled (its reason the last error) and its owner is
 * told, the user or every admin of the vendor. A redelivery marks and tells again under the same dedupKey
 * (notifications sends one notice); a disabling older than the endpoint's last re-enabling changes nothing.
 */
export function createWebhookDisabling(deps: WebhookDisablingDeps) {
  const { endpoints, messages, clock } = deps;
  return {
    async disable(event: MessagePayload<typeof webhookEndpointDisabledV1>): Promise<'disabled' | 'ignored'> {
      const found = await endpoints.disable(event.endpointId, event.lastError, new Date(event.disabledAt));
      if (found === undefined || !found.disabled) return 'ignored';
      const { owner } = found;
      const recipients =
        owner.kind === 'user' ? [owner.userId] : await endpoints.vendorAdmins(owner.vendorId);
      const requestedAt = clock.now().getTime();
      await Promise.all(
        recipients.map((userId) =>
          messages.notify({
            userId,
            category: 'account',
            severity: 'warning',
            template: 'webhook.disabled',
            data: {
              url: found.url,
              description: found.description,
              failingSince: event.failingSince,
              lastError: event.lastError,
            },
            dedupKey: `webhook-disabled:${event.endpointId}:${event.disabledAt}`,
            requestedAt,
          }),
        ),
      );
      return 'disabled';
    },
  };
}

/** The use case of the webhook-endpoints consumer. */
export type WebhookDisabling = ReturnType<typeof createWebhookDisabling>;
