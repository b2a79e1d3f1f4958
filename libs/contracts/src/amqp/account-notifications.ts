import { Type } from 'typebox';
import { Id } from '../ids';
import { defineMessage, defineQueue } from './define';
import { platformEventsExchange } from './exchanges';

const EpochMs = Type.Integer({ minimum: 0, description: 'Epoch milliseconds (public-api clock).' });
const Uuid = Type.String({ format: 'uuid' });
const Email = Type.String({ minLength: 3, maxLength: 254 });
/** The secret the email carries: single use, stored only as a hash. Never log it. */
const EmailToken = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' });
const HomeRole = Type.Union([Type.Literal('owner'), Type.Literal('member')]);
const VendorRole = Type.Union([Type.Literal('admin'), Type.Literal('developer')]);
/** An email carrying a single-use token to a user. */
const EmailTokenRequest = Type.Object({ userId: Uuid, email: Email, token: EmailToken, expiresAt: EpochMs });

/** A user must confirm an email address: the notifications service sends it the token. */
export const userEmailVerificationRequestedV1 = defineMessage({
  name: 'user.email-verification-requested',
  version: 1,
  exchange: platformEventsExchange,
  schema: EmailTokenRequest,
  example: {
    userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
    email: 'ada@example.com',
    token: 'n3w-W5mZ1dQ0pQe8rJp1xG7bUuV2kqB9YtHcA6sLzE0',
    expiresAt: 1763805600000,
  },
  description:
    'Published by public-api at sign-up and on request. The token (single use, until `expiresAt`) confirms ' +
    'the address at POST /v1/account/email-verification/confirm; it is a secret: deliver it, never log it.',
});

/** A user asked to reset a forgotten password: the notifications service sends the token. */
export const userPasswordResetRequestedV1 = defineMessage({
  name: 'user.password-reset-requested',
  version: 1,
  exchange: platformEventsExchange,
  schema: EmailTokenRequest,
  example: {
    userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
    email: 'ada@example.com',
    token: 'Zk2L9pQm4TnW7vXc1sRb8yHd3jFg6aEu0oKiMlNqPr5',
    expiresAt: 1763723400000,
  },
  description:
    'Published by public-api only for an existing account (the HTTP answer is the same either way). The ' +
    'token (single use, until `expiresAt`) sets a new password at POST /v1/account/password-reset/confirm, ' +
    'which ends every session; a secret: deliver it, never log it.',
});

/** A home owner invited someone by email. */
export const homeMemberInvitedV1 = defineMessage({
  name: 'home.member-invited',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    invitationId: Uuid,
    homeId: Uuid,
    homeName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Email,
    role: HomeRole,
    invitedBy: Uuid,
    expiresAt: EpochMs,
  }),
  example: {
    invitationId: '7c2a9e14-5d3b-4f61-8e0a-93b4c7d1f2a8',
    homeId: '0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30',
    homeName: 'Rue des Lilas',
    email: 'grace@example.com',
    role: 'member',
    invitedBy: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
    expiresAt: 1764322320000,
  },
  description:
    'Published by public-api when an owner invites an address. The invitee accepts it signed in with that ' +
    'address verified (POST /v1/invitations/{invitationId}/accept); the email carries no secret.',
});

/** A vendor admin invited someone by email to work for the vendor. */
export const vendorMemberInvitedV1 = defineMessage({
  name: 'vendor.member-invited',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    invitationId: Uuid,
    vendorId: Id,
    email: Email,
    role: VendorRole,
    invitedBy: Uuid,
    expiresAt: EpochMs,
  }),
  example: {
    invitationId: '2d8f6a31-9c4e-4b7a-a5d0-6e1b3f9c8a72',
    vendorId: 'acme',
    email: 'grace@example.com',
    role: 'developer',
    invitedBy: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
    expiresAt: 1764322320000,
  },
  description:
    'Published by public-api when a vendor admin invites an address, whether or not it has an account. The ' +
    'invitee accepts it signed in with that address verified (POST /v1/invitations/{invitationId}/accept); ' +
    'the email carries no secret.',
});

/**
 * The emails to send for accounts, homes and vendors. Declared by public-api (its publisher), so the messages wait
 * here until the notifications service consumes them.
 */
export const accountEmailsQueue = defineQueue({
  name: 'notifications.account-emails',
  messages: [
    userEmailVerificationRequestedV1,
    userPasswordResetRequestedV1,
    homeMemberInvitedV1,
    vendorMemberInvitedV1,
  ],
  description:
    'Emails about accounts, homes and vendors (address verification, password reset, home and vendor ' +
    'invitations), for the notifications service.',
});
