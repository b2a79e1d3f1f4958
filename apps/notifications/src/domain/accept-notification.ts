import type { MessagePayload, NotificationChannel, notificationRequestedV1 } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { decideHold } from './hold-policy';
import type { OutboxEntry, OutboxStore, Recipient, RecipientStore } from './ports';
import type { AddressBook } from './preference-ports';
import type { Preferences } from './preferences';
import type { QueueOutcome } from './queue-email';
import { findTargets, isPreferenceCategory } from './route-notification';
import { chooseLocale, chooseTimeZone } from './templates/locales';
import { findNotificationTemplate } from './templates/notification-templates';

/** A request to notify a user, as the contract defines it. */
export type NotificationRequest = MessagePayload<typeof notificationRequestedV1>;

/** What became of a request: queued, a repeat of one queued before, or no channel reaches the user. */
export type AcceptOutcome = QueueOutcome | 'no-channel';

const hourMs = 3_600_000;

/** What accepting a request needs. */
export interface AcceptNotificationDeps {
  readonly recipients: RecipientStore;
  readonly addresses: AddressBook;
  readonly preferences: Preferences;
  readonly outbox: OutboxStore;
  readonly offered: ReadonlySet<NotificationChannel>;
  readonly webAppUrl: string;
  readonly unsubscribe: { readonly publicApiUrl: string; readonly secret: string };
  readonly rateLimitPerHour: number;
  readonly now: () => number;
}

async function findRecipient(recipients: RecipientStore, userId: string): Promise<Recipient> {
  const recipient = await recipients.find(userId);
  if (recipient === undefined) {
    throw new AppError('not_found', 'RECIPIENT_UNKNOWN', `no user ${userId} is known to notifications`);
  }
  if (recipient.deleted) throw new AppError('not_found', 'RECIPIENT_DELETED', `user ${userId} is deleted`);
  return recipient;
}

/**
 * Turns a request into outbox rows, one per address on each channel the user chose for the category (email to
 * a verified address only, so an address someone typed for another person gets nothing but the verification
 * email). Rows that must wait (quiet hours, digest, rate limit) are queued held. Refuses, for the dead
 * letters: an unknown or deleted user (not_found), an unknown template or data it does not accept, an invalid
 * address (invalid).
 */
export function createAcceptNotification(
  deps: AcceptNotificationDeps,
): (request: NotificationRequest) => Promise<AcceptOutcome> {
  return async (request) => {
    const template = findNotificationTemplate(request.template);
    if (template === undefined) {
      throw new AppError('invalid', 'TEMPLATE_UNKNOWN', `no template named ${request.template}`, {
        details: { fields: [{ path: '/template', message: 'is not a known template' }] },
      });
    }
    const recipient = await findRecipient(deps.recipients, request.userId);
    const preferences = await deps.preferences.get(recipient.userId);
    const chosen = isPreferenceCategory(request.category)
      ? preferences.channels[request.category]
      : (['email'] as const);
    const timeZone = chooseTimeZone(recipient.timeZone);
    const targets = await findTargets(
      deps,
      recipient,
      chosen.filter((channel) => deps.offered.has(channel)),
      {
        template,
        data: request.data,
        category: request.category,
        unsubscribe: deps.unsubscribe,
        render: {
          locale: chooseLocale(request.locale, recipient.locale),
          timeZone,
          severity: request.severity,
          webAppUrl: deps.webAppUrl,
        },
      },
    );
    if (targets.length === 0) return 'no-channel';
    const nowMs = deps.now();
    const drafts = targets.map(({ channel, address, keySuffix, message }): OutboxEntry => ({
      ...{ dedupKey: request.dedupKey + keySuffix, recipient: recipient.userId, channel },
      ...{ userId: recipient.userId, category: request.category, severity: request.severity },
      ...{ template: template.name, address, message },
    }));
    const decide = (draft: OutboxEntry, sentLastHour: number) =>
      decideHold({
        ...{ severity: request.severity, category: request.category, channel: draft.channel, timeZone },
        ...{ address: draft.address, preferences, nowMs, sentLastHour, ratePerHour: deps.rateLimitPerHour },
      });
    // Critical notifications are never held: they need no count, and no lock.
    const inserted =
      request.severity === 'critical'
        ? await deps.outbox.enqueue(drafts)
        : await deps.outbox.enqueueRateLimited(
            { userId: recipient.userId, category: request.category, sinceMs: nowMs - hourMs },
            drafts,
            decide,
          );
    return inserted > 0 ? 'queued' : 'duplicate';
  };
}
