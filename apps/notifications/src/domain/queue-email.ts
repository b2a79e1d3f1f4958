import { AppError } from '@homeport/errors';
import { isValidEmailAddress } from './email-address';
import type { EmailMessage } from './channels';
import type { OutboxStore } from './ports';
import { renderEmail, type EmailTemplate, type RenderContext } from './templates/email-template';

/** One email to queue: who, what, and the key that makes a second request for it a no-op. */
export interface EmailToQueue {
  readonly template: EmailTemplate;
  readonly data: unknown;
  readonly context: RenderContext;
  readonly address: string;
  readonly dedupKey: string;
  readonly recipient: string;
  readonly userId: string | undefined;
  readonly category: string;
}

/** Whether the email was queued now, or had been by an earlier delivery of the same request. */
export type QueueOutcome = 'queued' | 'duplicate';

/**
 * Checks the address (AppError invalid ADDRESS_INVALID), renders the template (TEMPLATE_DATA_INVALID), and
 * queues the email in the outbox; a request seen before (same dedup key, recipient, channel) queues nothing.
 */
export async function queueEmail(outbox: OutboxStore, email: EmailToQueue): Promise<QueueOutcome> {
  if (!isValidEmailAddress(email.address)) {
    throw new AppError('invalid', 'ADDRESS_INVALID', 'the recipient address is not a valid email address', {
      details: { fields: [{ path: '/email', message: 'is not a valid email address' }] },
    });
  }
  const rendered = renderEmail(email.template, email.data, email.context);
  const message: EmailMessage = { to: email.address, ...rendered };
  const inserted = await outbox.enqueue([
    {
      dedupKey: email.dedupKey,
      recipient: email.recipient,
      channel: 'email',
      userId: email.userId,
      category: email.category,
      severity: email.context.severity,
      template: email.template.name,
      address: email.address,
      message,
    },
  ]);
  return inserted > 0 ? 'queued' : 'duplicate';
}
