import { Type, type Static } from 'typebox';
import { Id } from '../ids';

/**
 * public-api's audit log, as its readers see it: GET /v1/homes/:homeId/audit (the home's owners) and
 * GET /v1/vendors/:vendorId/audit (the vendor's admins, its API keys and OAuth clients with `audit:read`).
 */
const described = (description?: string) => (description === undefined ? {} : { description });
const timestamp = (description?: string) => Type.String({ format: 'date-time', ...described(description) });
const Uuid = Type.String({ format: 'uuid' });
/** An entry's id: entries are numbered in the order they were written. */
const entryId = (description?: string) =>
  Type.String({ pattern: '^[1-9][0-9]{0,17}$', ...described(description) });

/** The filters and the page of an audit log request. */
export const AuditQuery = Type.Object(
  {
    cursor: Type.Optional(entryId("The previous page's nextCursor: the entries written before that one.")),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    action: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)+$',
        maxLength: 64,
        description: 'e.g. home.created',
      }),
    ),
    deviceId: Type.Optional(Id),
    from: Type.Optional(timestamp('Entries at or after this time.')),
    to: Type.Optional(timestamp('Entries before this time.')),
  },
  {
    additionalProperties: false,
    examples: [{ limit: 50, action: 'home.member-removed', from: '2026-11-01T00:00:00Z' }],
  },
);
export type AuditQuery = Static<typeof AuditQuery>;

const auditEntryExample = {
  id: '4812',
  at: '2026-11-21T09:40:12.000Z',
  action: 'home.member-removed',
  outcome: 'refused' as const,
  actor: {
    kind: 'user' as const,
    userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
    vendorId: null,
    credential: { kind: 'session', id: '9d1f6a0e-2c4b-4e8a-b7f3-0a5c8e2d4f61' },
  },
  address: '203.0.113.7',
  homeId: '0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30',
  vendorId: null,
  deviceId: null,
  details: { userId: '8a4c2e6f-1b3d-4f5a-9c7e-2d4f6a8b0c1e', reason: 'HOME_ROLE_INSUFFICIENT' },
};

/** Who did it: a person (their user id) or a vendor's back end, and the credential they used. */
const AuditActor = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('vendor')]),
  userId: Type.Union([Uuid, Type.Null()]),
  vendorId: Type.Union([Type.String(), Type.Null()]),
  credential: Type.Object({
    kind: Type.String({ description: 'session, personal-access-token, oauth, api-key or oauth-client' }),
    id: Type.String({ description: "The session's, token's, OAuth client's or API key's id." }),
  }),
});

/** One audit entry: who did what (or tried to: `refused`) to which home, vendor or device, when, from where. */
export const AuditEntryResponse = Type.Object(
  {
    id: entryId(),
    at: timestamp(),
    action: Type.String(),
    outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('refused')]),
    actor: AuditActor,
    address: Type.String({ description: 'The client address the request came from.' }),
    homeId: Type.Union([Uuid, Type.Null()]),
    vendorId: Type.Union([Type.String(), Type.Null()]),
    deviceId: Type.Union([Type.String(), Type.Null()]),
    details: Type.Object({}, { additionalProperties: true, description: 'A few plain values; no secret.' }),
  },
  { examples: [auditEntryExample] },
);
export type AuditEntryResponse = Static<typeof AuditEntryResponse>;

/** A page of audit entries, newest first. */
export const AuditPage = Type.Object(
  {
    items: Type.Array(AuditEntryResponse),
    nextCursor: Type.Union([entryId(), Type.Null()], {
      description: 'The cursor of the next (older) page; null on the last page.',
    }),
  },
  { examples: [{ items: [auditEntryExample], nextCursor: '4812' }] },
);
export type AuditPage = Static<typeof AuditPage>;
