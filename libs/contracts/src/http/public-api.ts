import { Type, type Static } from 'typebox';
import { GeoJsonPolygon } from './geojson';

/**
 * public-api's HTTP API (`/v1`), the edge for people: accounts, sessions, homes and their members. Users
 * authenticate with `Authorization: Bearer <accessToken>` (a JWT from POST /v1/sessions). Times are ISO 8601.
 */
const Timestamp = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });
const DisplayName = Type.String({ minLength: 1, maxLength: 200 });

/** An email address; compared without case and surrounding blanks. */
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** A password: 10 to 256 characters; nothing else is required of it. */
export const Password = Type.String({ minLength: 10, maxLength: 256 });
/** A single-use token from an email (verification, password reset): 43 base64url characters. */
const EmailToken = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' });

/** POST /v1/account/sign-up. The answer is the same whether or not the email already has an account. */
export const SignUpRequest = Type.Object(
  { email: Email, password: Password },
  {
    additionalProperties: false,
    examples: [{ email: 'ada@example.com', password: 'correct horse battery staple' }],
  },
);
export type SignUpRequest = Static<typeof SignUpRequest>;

/** 202 of the requests whose outcome would tell whether an email has an account (sign-up, reset). */
export const AcceptedResponse = Type.Object(
  { status: Type.Literal('accepted'), message: Type.String() },
  { examples: [{ status: 'accepted', message: 'if the address can be used, an email is on its way' }] },
);
export type AcceptedResponse = Static<typeof AcceptedResponse>;

/** POST /v1/sessions: log in. */
export const LoginRequest = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) },
  {
    additionalProperties: false,
    examples: [{ email: 'ada@example.com', password: 'correct horse battery staple' }],
  },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** POST /v1/sessions/refresh: trade a refresh token (once) for a new pair. */
export const RefreshRequest = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 200 }) },
  {
    additionalProperties: false,
    examples: [{ refreshToken: 'y8Tq2LmW0xNcV5rJ3hKp9AeZb7sUdF1gHo4iCn6tE2M' }],
  },
);
export type RefreshRequest = Static<typeof RefreshRequest>;

/** A session's tokens: a short-lived access token (JWT) and a single-use refresh token. */
export const TokenPairResponse = Type.Object(
  {
    tokenType: Type.Literal('Bearer'),
    accessToken: Type.String({ description: 'JWT (EdDSA), sent as `Authorization: Bearer <accessToken>`.' }),
    expiresIn: Type.Integer({ minimum: 1, description: 'Seconds until the access token expires.' }),
    refreshToken: Type.String({ description: 'Single use: each refresh answers a new one.' }),
    refreshExpiresIn: Type.Integer({ minimum: 1, description: 'Seconds until the session ends.' }),
  },
  {
    examples: [
      {
        tokenType: 'Bearer',
        accessToken: 'eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMTIiLCJ0eXAiOiJhdCtqd3QifQ.e30.c2lnbmF0dXJl',
        expiresIn: 900,
        refreshToken: 'y8Tq2LmW0xNcV5rJ3hKp9AeZb7sUdF1gHo4iCn6tE2M',
        refreshExpiresIn: 2592000,
      },
    ],
  },
);
export type TokenPairResponse = Static<typeof TokenPairResponse>;

/** The signed-in user. */
export const UserResponse = Type.Object(
  { id: Uuid, email: Type.String(), emailVerified: Type.Boolean(), createdAt: Timestamp },
  {
    examples: [
      {
        id: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
        email: 'ada@example.com',
        emailVerified: true,
        createdAt: '2026-11-21T09:30:00.000Z',
      },
    ],
  },
);
export type UserResponse = Static<typeof UserResponse>;

/** PUT /v1/account/password: ends every other session of the user. */
export const ChangePasswordRequest = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Password },
  {
    additionalProperties: false,
    examples: [{ currentPassword: 'correct horse battery staple', newPassword: 'a longer passphrase now' }],
  },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

/** DELETE /v1/account: the current password again (re-authentication before an irreversible change). */
export const DeleteAccountRequest = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false, examples: [{ currentPassword: 'correct horse battery staple' }] },
);
export type DeleteAccountRequest = Static<typeof DeleteAccountRequest>;

/** POST /v1/account/email-verification/confirm: the token from the verification email. */
export const ConfirmEmailRequest = Type.Object(
  { token: EmailToken },
  { additionalProperties: false, examples: [{ token: 'n3w-W5mZ1dQ0pQe8rJp1xG7bUuV2kqB9YtHcA6sLzE0' }] },
);
export type ConfirmEmailRequest = Static<typeof ConfirmEmailRequest>;

/** POST /v1/account/password-reset: answered the same whether or not the email has an account. */
export const PasswordResetRequest = Type.Object(
  { email: Email },
  { additionalProperties: false, examples: [{ email: 'ada@example.com' }] },
);
export type PasswordResetRequest = Static<typeof PasswordResetRequest>;

/** POST /v1/account/password-reset/confirm: ends every session of the user. */
export const ConfirmPasswordResetRequest = Type.Object(
  { token: EmailToken, newPassword: Password },
  {
    additionalProperties: false,
    examples: [{ token: 'n3w-W5mZ1dQ0pQe8rJp1xG7bUuV2kqB9YtHcA6sLzE0', newPassword: 'a new passphrase' }],
  },
);
export type ConfirmPasswordResetRequest = Static<typeof ConfirmPasswordResetRequest>;

/** A point on Earth (WGS 84 degrees). */
export const GeoPoint = Type.Object(
  {
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
);
export type GeoPoint = Static<typeof GeoPoint>;

/** A home member's role: owners manage members; members use the home. */
export const HomeRole = Type.Union([Type.Literal('owner'), Type.Literal('member')]);
export type HomeRole = Static<typeof HomeRole>;

/** A vendor member's role: admins manage the vendor's members, API keys and OAuth clients; developers use the rest. */
export const VendorRole = Type.Union([Type.Literal('admin'), Type.Literal('developer')]);
export type VendorRole = Static<typeof VendorRole>;

/**
 * POST /v1/homes. Its zone (for geofencing) is the circle of its location and radius (100 m without one), or
 * a polygon instead of the radius.
 */
export const CreateHomeRequest = Type.Object(
  {
    name: DisplayName,
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Paris.' }),
    location: Type.Optional(GeoPoint),
    radiusMeters: Type.Optional(Type.Integer({ minimum: 10, maximum: 100_000 })),
    zone: Type.Optional(GeoJsonPolygon),
  },
  {
    additionalProperties: false,
    examples: [
      {
        name: 'Rue des Lilas',
        timeZone: 'Europe/Paris',
        location: { latitude: 48.8722, longitude: 2.3767 },
        radiusMeters: 150,
      },
    ],
  },
);
export type CreateHomeRequest = Static<typeof CreateHomeRequest>;

/**
 * PATCH /v1/homes/:homeId (owners): the home's zone. A field given replaces it, null clears it; the result is
 * a circle (location and radiusMeters) or a polygon (zone, without radiusMeters), as at creation.
 */
export const UpdateHomeRequest = Type.Object(
  {
    location: Type.Optional(Type.Union([GeoPoint, Type.Null()])),
    radiusMeters: Type.Optional(Type.Union([Type.Integer({ minimum: 10, maximum: 100_000 }), Type.Null()])),
    zone: Type.Optional(Type.Union([GeoJsonPolygon, Type.Null()])),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    examples: [{ location: { latitude: 48.8722, longitude: 2.3767 }, radiusMeters: 200, zone: null }],
  },
);
export type UpdateHomeRequest = Static<typeof UpdateHomeRequest>;

const homeExample = {
  id: '0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30',
  name: 'Rue des Lilas',
  timeZone: 'Europe/Paris',
  location: { latitude: 48.8722, longitude: 2.3767 },
  radiusMeters: 150,
  zone: null,
  role: 'owner' as const,
  createdAt: '2026-11-21T09:31:00.000Z',
};

/** A home, with the caller's role in it. */
export const HomeResponse = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    timeZone: Type.String(),
    location: Type.Union([GeoPoint, Type.Null()]),
    radiusMeters: Type.Union([Type.Integer(), Type.Null()]),
    zone: Type.Union([GeoJsonPolygon, Type.Null()], {
      description: "The home's polygon for geofencing; null: the circle of its location and radius.",
    }),
    role: HomeRole,
    createdAt: Timestamp,
  },
  { examples: [homeExample] },
);
export type HomeResponse = Static<typeof HomeResponse>;

/** The homes the caller belongs to. */
export const HomeList = Type.Object(
  { items: Type.Array(HomeResponse) },
  { examples: [{ items: [homeExample] }] },
);
export type HomeList = Static<typeof HomeList>;

/** Path parameters of /v1/homes/:homeId. */
export const HomeIdParams = Type.Object({ homeId: Uuid });
/** Path parameters of /v1/homes/:homeId/members/:userId. */
export const HomeMemberParams = Type.Object({ homeId: Uuid, userId: Uuid });
/** Path parameters of /v1/invitations/:invitationId. */
export const InvitationIdParams = Type.Object({ invitationId: Uuid });

const memberExample = {
  userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
  email: 'ada@example.com',
  role: 'owner' as const,
  joinedAt: '2026-11-21T09:31:00.000Z',
};

/** A member of a home. */
export const MemberResponse = Type.Object(
  { userId: Uuid, email: Type.String(), role: HomeRole, joinedAt: Timestamp },
  { examples: [memberExample] },
);
export type MemberResponse = Static<typeof MemberResponse>;

/** The members of a home. */
export const MemberList = Type.Object(
  { items: Type.Array(MemberResponse) },
  { examples: [{ items: [memberExample] }] },
);
export type MemberList = Static<typeof MemberList>;

/** POST /v1/homes/:homeId/invitations (owners only). */
export const InviteMemberRequest = Type.Object(
  { email: Email, role: HomeRole },
  { additionalProperties: false, examples: [{ email: 'grace@example.com', role: 'member' }] },
);
export type InviteMemberRequest = Static<typeof InviteMemberRequest>;

const invitationExample = {
  kind: 'home' as const,
  id: '7c2a9e14-5d3b-4f61-8e0a-93b4c7d1f2a8',
  homeId: '0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30',
  homeName: 'Rue des Lilas',
  email: 'grace@example.com',
  role: 'member' as const,
  createdAt: '2026-11-21T09:32:00.000Z',
  expiresAt: '2026-11-28T09:32:00.000Z',
};

/** An invitation to a home, accepted by the user whose verified email it names. */
export const InvitationResponse = Type.Object(
  {
    kind: Type.Literal('home'),
    id: Uuid,
    homeId: Uuid,
    homeName: Type.String(),
    email: Type.String(),
    role: HomeRole,
    createdAt: Timestamp,
    expiresAt: Timestamp,
  },
  { examples: [invitationExample] },
);
export type InvitationResponse = Static<typeof InvitationResponse>;
