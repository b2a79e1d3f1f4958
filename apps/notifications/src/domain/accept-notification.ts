import type { MessagePayload, notificationRequestedV1 } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { OutboxStore, RecipientStore } from './ports';
import { queueEmail, type QueueOutcome } from './queue-email';
import { chooseLocale, chooseTimeZone } from './templates/locales';
import { findNotificationTemplate } from './templates/notification-templates';

/** A request to notify a user, as the contract defines it. */
export type NotificationRequest = MessagePayload<typeof notificationRequestedV1>;

/** What became of a request: queued, a repeat of one queued before, or no channel reaches the user. */
export type AcceptOutcome = QueueOutcome | 'no-channel';

/**
 * Turns a request into outbox rows, one per channel that reaches the user (email, for now: to a verified
 * address only, so an address someone typed for another person gets nothing but the verification email).
 * Refuses, for the dead letters: an unknown or deleted user (not_found), an unknown template or data it
 * does not accept, an invalid address (invalid).
 */
export function createAcceptNotification(deps: {
  readonly recipients: RecipientStore;
  readonly outbox: OutboxStore;
  readonly webAppUrl: string;
}): (request: NotificationRequest) => Promise<AcceptOutcome> {
  return async (request) => {
    const template = findNotificationTemplate(request.template);
    if (template === undefined) {
      throw new AppError('invalid', 'TEMPLATE_UNKNOWN', `no template named ${request.template}`, {
        details: { fields: [{ path: '/template', message: 'is not a known template' }] },
      });
    }
    const recipient = await deps.recipients.find(request.userId);
    if (recipient === undefined) {
      throw new AppError(
        'not_found',
        'RECIPIENT_UNKNOWN',
        `no user ${request.userId} is known to notifications`,
      );
    }
    if (recipient.deleted)
      throw new AppError('not_found', 'RECIPIENT_DELETED', `user ${request.userId} is deleted`);
    if (recipient.email === undefined || !recipient.emailVerified) return 'no-channel';
    return queueEmail(deps.outbox, {
      template,
      data: request.data,
      context: {
        locale: chooseLocale(request.locale, recipient.locale),
        timeZone: chooseTimeZone(recipient.timeZone),
        severity: request.severity,
        webAppUrl: deps.webAppUrl,
      },
      address: recipient.email,
      dedupKey: request.dedupKey,
      recipient: recipient.userId,
      userId: recipient.userId,
      category: request.category,
    });
  };
}
