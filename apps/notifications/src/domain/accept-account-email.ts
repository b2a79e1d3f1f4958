import type {
  homeMemberInvitedV1,
  MessagePayload,
  userEmailVerificationRequestedV1,
  vendorMemberInvitedV1,
} from '@homeport/contracts';
import type { OutboxStore, RecipientStore } from './ports';
import { queueEmail, type QueueOutcome } from './queue-email';
import {
  emailVerificationTemplate,
  homeInvitationTemplate,
  passwordResetTemplate,
  vendorInvitationTemplate,
} from './templates/account-emails';
import type { EmailTemplate } from './templates/email-template';
import { chooseLocale, chooseTimeZone } from './templates/locales';

type TokenEmail = MessagePayload<typeof userEmailVerificationRequestedV1>;
type HomeInvitation = MessagePayload<typeof homeMemberInvitedV1>;
type VendorInvitation = MessagePayload<typeof vendorMemberInvitedV1>;

/** The account emails public-api asks for, each keyed by its event's message id (a redelivery sends nothing). */
export interface AccountEmails {
  emailVerification(event: TokenEmail, messageId: string): Promise<QueueOutcome>;
  passwordReset(event: TokenEmail, messageId: string): Promise<QueueOutcome>;
  homeInvitation(event: HomeInvitation, messageId: string): Promise<QueueOutcome>;
  vendorInvitation(event: VendorInvitation, messageId: string): Promise<QueueOutcome>;
}

/**
 * Queues the account emails, to the address the event names (the one being verified, or an invitee's), in the
 * user's language when notifications knows it. Not checked against the recipients table: these emails are
 * how an address becomes known and verified.
 */
export function createAccountEmails(deps: {
  readonly recipients: RecipientStore;
  readonly outbox: OutboxStore;
  readonly webAppUrl: string;
}): AccountEmails {
  const queue = async (
    template: EmailTemplate,
    event: { readonly email: string; readonly userId?: string },
    data: unknown,
    messageId: string,
  ) => {
    const known = event.userId === undefined ? undefined : await deps.recipients.find(event.userId);
    return queueEmail(deps.outbox, {
      template,
      data,
      context: {
        locale: chooseLocale(known?.locale),
        timeZone: chooseTimeZone(known?.timeZone),
        severity: 'info',
        webAppUrl: deps.webAppUrl,
      },
      address: event.email,
      dedupKey: `${template.name}:${messageId}`,
      recipient: event.userId ?? event.email,
      userId: event.userId,
      category: 'account',
    });
  };
  const tokenData = (event: TokenEmail) => ({ token: event.token, expiresAt: event.expiresAt });
  const invitationData = (event: HomeInvitation | VendorInvitation) => ({
    invitationId: event.invitationId,
    role: event.role,
    expiresAt: event.expiresAt,
  });
  return {
    emailVerification: (event, messageId) =>
      queue(emailVerificationTemplate, event, tokenData(event), messageId),
    passwordReset: (event, messageId) => queue(passwordResetTemplate, event, tokenData(event), messageId),
    homeInvitation: (event, messageId) =>
      queue(homeInvitationTemplate, event, { ...invitationData(event), homeName: event.homeName }, messageId),
    vendorInvitation: (event, messageId) =>
      queue(
        vendorInvitationTemplate,
        event,
        { ...invitationData(event), vendorId: event.vendorId },
        messageId,
      ),
  };
}
