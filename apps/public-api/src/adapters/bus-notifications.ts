import {
  homeMemberInvitedV1,
  userContactChangedV1,
  userEmailVerificationRequestedV1,
  userPasswordResetRequestedV1,
  vendorMemberInvitedV1,
} from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { Notifications } from '../domain/notifications';

/**
 * The email requests as confirmed messages on the bus (queue notifications.account-emails), and the users'
 * contact details and deletions (queues notifications.recipients, geofencing.user-deletions).
 */
export function createBusNotifications(bus: MessageBus): Notifications {
  return {
    emailVerificationRequested: (request) => bus.publish(userEmailVerificationRequestedV1, request),
    passwordResetRequested: (request) => bus.publish(userPasswordResetRequestedV1, request),
    memberInvited: (invitation) => bus.publish(homeMemberInvitedV1, invitation),
    vendorMemberInvited: (invitation) => bus.publish(vendorMemberInvitedV1, invitation),
    contactChanged: (contact) => bus.publish(userContactChangedV1, contact),
  };
}
