import type {
  homeMemberInvitedV1,
  MessagePayload,
  userEmailVerificationRequestedV1,
  userPasswordResetRequestedV1,
} from '@homeport/contracts';

/** The emails the notifications service sends; each resolves once the request is durably queued. */
export interface Notifications {
  emailVerificationRequested(request: MessagePayload<typeof userEmailVerificationRequestedV1>): Promise<void>;
  passwordResetRequested(request: MessagePayload<typeof userPasswordResetRequestedV1>): Promise<void>;
  memberInvited(invitation: MessagePayload<typeof homeMemberInvitedV1>): Promise<void>;
}
