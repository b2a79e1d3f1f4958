import { Type, type Static } from 'typebox';
import { Id } from '../ids';
import { ApiScopeSchema } from './public-api-scopes';
import { Email, HomeResponse, InvitationResponse, VendorRole } from './public-api';

/**
 * public-api's vendor routes (`/v1/vendors`): a device maker's members and API keys. A vendor is broker-api's
 * vendor, named by its id (paths reuse broker-api's VendorIdParams); public-api keeps who works for it and
 * the keys of its back end.
 */
const Timestamp = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });
const vendorId = 'acme';

/** Path parameters of /v1/vendors/:vendorId/api-keys/:keyId. */
export const ApiKeyIdParams = Type.Object({ vendorId: Id, keyId: Uuid });
/** Path parameters of /v1/vendors/:vendorId/members/:userId. */
export const VendorMemberParams = Type.Object({ vendorId: Id, userId: Uuid });

/** A vendor the caller works for, with their role in it. */
export const VendorMembershipResponse = Type.Object(
  { vendorId: Id, role: VendorRole },
  { examples: [{ vendorId, role: 'admin' }] },
);
export type VendorMembershipResponse = Static<typeof VendorMembershipResponse>;

/** GET /v1/vendors: the vendors the signed-in user is a member of. */
export const VendorMembershipList = Type.Object(
  { items: Type.Array(VendorMembershipResponse) },
  { examples: [{ items: [{ vendorId, role: 'admin' }] }] },
);
export type VendorMembershipList = Static<typeof VendorMembershipList>;

/** POST /v1/vendors/:vendorId/join: the join code of the embedded platform's demo vendor (`npm start`'s banner). */
export const JoinVendorRequest = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false, examples: [{ code: 'kY3v8Qm2Lw9xNc4Rb7Tz1Hd6Pf0Sg5Ja' }] },
);
export type JoinVendorRequest = Static<typeof JoinVendorRequest>;

/** GET /v1/vendors/:vendorId (a vendor's back end): the vendor, and the credential and scopes it called with. */
export const VendorAccessResponse = Type.Object(
  {
    vendorId: Id,
    credential: Type.Union([Type.Literal('api-key'), Type.Literal('oauth-client')]),
    credentialId: Type.String(),
    scopes: Type.Array(ApiScopeSchema),
  },
  {
    examples: [
      {
        vendorId,
        credential: 'api-key',
        credentialId: '9a3e5c71-2b4d-4f8a-b6e0-1c7d9f2a4b58',
        scopes: ['products:read', 'devices:read'],
      },
    ],
  },
);
export type VendorAccessResponse = Static<typeof VendorAccessResponse>;

const vendorMemberExample = {
  userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
  email: 'ada@example.com',
  role: 'admin' as const,
  joinedAt: '2026-11-21T09:31:00.000Z',
};

/** A member of a vendor. */
export const VendorMemberResponse = Type.Object(
  { userId: Uuid, email: Type.String(), role: VendorRole, joinedAt: Timestamp },
  { examples: [vendorMemberExample] },
);
export type VendorMemberResponse = Static<typeof VendorMemberResponse>;

/** GET /v1/vendors/:vendorId/members. */
export const VendorMemberList = Type.Object(
  { items: Type.Array(VendorMemberResponse) },
  { examples: [{ items: [vendorMemberExample] }] },
);
export type VendorMemberList = Static<typeof VendorMemberList>;

/** POST /v1/vendors/:vendorId/invitations (admins): the invitee joins by accepting, their address verified. */
export const InviteVendorMemberRequest = Type.Object(
  { email: Email, role: VendorRole },
  { additionalProperties: false, examples: [{ email: 'grace@example.com', role: 'developer' }] },
);
export type InviteVendorMemberRequest = Static<typeof InviteVendorMemberRequest>;

const vendorInvitationExample = {
  kind: 'vendor' as const,
  id: '2d8f6a31-9c4e-4b7a-a5d0-6e1b3f9c8a72',
  vendorId,
  email: 'grace@example.com',
  role: 'developer' as const,
  createdAt: '2026-11-21T09:32:00.000Z',
  expiresAt: '2026-11-28T09:32:00.000Z',
};

/** An invitation to work for a vendor, accepted by the user whose verified email it names. */
export const VendorInvitationResponse = Type.Object(
  {
    kind: Type.Literal('vendor'),
    id: Uuid,
    vendorId: Id,
    email: Type.String(),
    role: VendorRole,
    createdAt: Timestamp,
    expiresAt: Timestamp,
  },
  { examples: [vendorInvitationExample] },
);
export type VendorInvitationResponse = Static<typeof VendorInvitationResponse>;

/** POST /v1/vendors/:vendorId/api-keys (admins, with their own session). */
export const CreateApiKeyRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the key is for, shown in lists.' }),
    scopes: Type.Array(ApiScopeSchema, {
      minItems: 1,
      maxItems: 16,
      uniqueItems: true,
      description: 'A subset of the vendor scopes (products:*, devices:*, credentials:write, ...).',
    }),
    expiresInDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 365, default: 90, description: 'Default 90.' }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ name: 'factory line 3', scopes: ['devices:write', 'credentials:write'], expiresInDays: 90 }],
  },
);
export type CreateApiKeyRequest = Static<typeof CreateApiKeyRequest>;

const apiKeyExample = {
  id: '9a3e5c71-2b4d-4f8a-b6e0-1c7d9f2a4b58',
  vendorId,
  name: 'factory line 3',
  scopes: ['devices:write' as const, 'credentials:write' as const],
  createdBy: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
  createdAt: '2026-11-21T09:40:00.000Z',
  expiresAt: '2027-02-19T09:40:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

/** A vendor API key's metadata; its secret is never shown again after creation. */
export const ApiKeyResponse = Type.Object(
  {
    id: Uuid,
    vendorId: Id,
    name: Type.String(),
    scopes: Type.Array(ApiScopeSchema),
    createdBy: Type.Union([Uuid, Type.Null()], { description: 'The admin who made it; null once deleted.' }),
    createdAt: Timestamp,
    expiresAt: Timestamp,
    lastUsedAt: Type.Union([Timestamp, Type.Null()], { description: 'To the minute.' }),
    revokedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { examples: [apiKeyExample] },
);
export type ApiKeyResponse = Static<typeof ApiKeyResponse>;

/** 201 of POST /v1/vendors/:vendorId/api-keys: the key itself, shown this once. */
export const CreatedApiKeyResponse = Type.Object(
  {
    ...ApiKeyResponse.properties,
    key: Type.String({
      description:
        'hpk_<id>_<secret>: send as `Authorization: Bearer <key>`. Shown once; only its hash is stored.',
    }),
  },
  {
    examples: [
      {
        ...apiKeyExample,
        key: 'hpk_9a3e5c712b4d4f8ab6e01c7d9f2a4b58_q8Xz3LmW0xNcV5rJ3hKp9AeZb7sUdF1gHo4iCn6tE2M',
      },
    ],
  },
);
export type CreatedApiKeyResponse = Static<typeof CreatedApiKeyResponse>;

/** GET /v1/vendors/:vendorId/api-keys: every key of the vendor, revoked and expired ones included. */
export const ApiKeyList = Type.Object(
  { items: Type.Array(ApiKeyResponse) },
  { examples: [{ items: [apiKeyExample] }] },
);
export type ApiKeyList = Static<typeof ApiKeyList>;

/** The pending invitations addressed to the caller's verified email: to homes and to vendors. */
export const InvitationList = Type.Object(
  { items: Type.Array(Type.Union([InvitationResponse, VendorInvitationResponse])) },
  { examples: [{ items: [vendorInvitationExample] }] },
);
export type InvitationList = Static<typeof InvitationList>;

/** What accepting an invitation joined: the home (with the caller's role) or the vendor membership. */
export const AcceptedInvitationResponse = Type.Union([HomeResponse, VendorMembershipResponse]);
export type AcceptedInvitationResponse = Static<typeof AcceptedInvitationResponse>;
