import {
  accountEmailsQueue,
  homeMemberInvitedV1,
  userEmailVerificationRequestedV1,
  userPasswordResetRequestedV1,
  vendorMemberInvitedV1,
} from '@homeport/contracts';
import type { ConsumeOptions, Consumer, MessageBus } from '@homeport/messaging';
import type { AccountEmails } from '../domain/accept-account-email';
import type { QueueOutcome } from '../domain/queue-email';
import type { ObserveHandling } from './observe-handling';

/** Consumes notifications.account-emails (public-api's verification, reset and invitation emails). */
export function startAccountEmailsConsumer(deps: {
  readonly bus: MessageBus;
  readonly accountEmails: AccountEmails;
  readonly observe: ObserveHandling;
  readonly onQueued: () => void;
  readonly options: ConsumeOptions;
}): Promise<Consumer> {
  const { accountEmails } = deps;
  const handle = (type: string, queue: () => Promise<QueueOutcome>) =>
    deps.observe(type, async () => {
      const outcome = await queue();
      if (outcome === 'queued') deps.onQueued();
      return outcome;
    });
  return deps.bus.consume(
    accountEmailsQueue,
    {
      [userEmailVerificationRequestedV1.type]: (event, meta) =>
        handle(userEmailVerificationRequestedV1.type, () =>
          accountEmails.emailVerification(event, meta.messageId),
        ),
      [userPasswordResetRequestedV1.type]: (event, meta) =>
        handle(userPasswordResetRequestedV1.type, () => accountEmails.passwordReset(event, meta.messageId)),
      [homeMemberInvitedV1.type]: (event, meta) =>
        handle(homeMemberInvitedV1.type, () => accountEmails.homeInvitation(event, meta.messageId)),
      [vendorMemberInvitedV1.type]: (event, meta) =>
        handle(vendorMemberInvitedV1.type, () => accountEmails.vendorInvitation(event, meta.messageId)),
    },
    deps.options,
  );
}
