import type {
  homeMemberInvitedV1,
  MessagePayload,
  userEmailVerificationRequestedV1,
  userContactChangedV1,
  userPasswordResetRequestedV1,
  vendorMemberInvitedV1,
} from '@homeport/contracts';

/** The emails the notifications service sends (accounts, home and vendor invitations); each resolves once the request is durably queued. */
export interface Notifications {
  emailVerificationRequested(request: MessagePayload<typeof userEmailVerificationRequestedV1>): Promise<void>;
  passwordResetRequested(request: MessagePayload<typeof userPasswordResetRequestedV1>): Promise<void>;
  memberInvited(invitation: MessagePayload<typeof homeMemberInvitedV1>): Promise<void>;
  vendorMemberInvited(invitation: MessagePayload<typeof vendorMemberInvitedV1>): Promise<void>;
  /** The user's address (and whether it is verified), for the notifications service's recipients. */
  contactChanged(contact: MessagePayload<typeof userContactChangedV1>): Promise<void>;
}
