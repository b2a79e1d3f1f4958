import { Type, type Static } from 'typebox';

/**
 * The scopes of public-api's tokens. A scope names a kind of work; whose data it reaches is the caller's:
 * `devices:read` lets an owner's token read the devices of the owner's homes, and a vendor's key the devices
 * of its vendor. A user's own session holds every user scope; personal access tokens, OAuth grants and
 * vendor API keys hold the scopes they were given. Scope names are persistent (stored with tokens and keys).
 */
export const apiScopes = {
  'account:read': 'read the account: its email and whether it is verified',
  'account:write': 'change the account itself: password, sessions, tokens (a session only, never a token)',
  'homes:read': 'read homes, their members and invitations',
  'homes:write': 'create homes, invite and remove members',
  'devices:read': "read devices: an owner's in their homes, a vendor's of its products",
  'devices:write': 'claim, release, rename, control devices; a vendor: provision and delete them',
  'products:read': "read a vendor's products",
  'products:write': "create and delete a vendor's products",
  'credentials:write': "issue, rotate and revoke a vendor's device credentials",
  'analytics:read': "read a vendor's fleet metrics and reports",
  'audit:read': "read the audit log of one's homes or vendor",
  'notifications:read':
    'read your notification preferences, push subscriptions, phone number and delivery log',
  'notifications:write': 'change your notification preferences, push subscriptions and phone number',
  'webhooks:read': 'read webhook endpoints and their delivery logs',
  'webhooks:write': 'create, change and delete webhook endpoints',
  'location:write': "send your phones' positions and manage their OwnTracks credentials",
  'alerts:read':
    "read alert rules and alerts: an owner's of their homes, a vendor's product defaults and fleet",
  'alerts:write': 'create, change, delete and mute alert rules; acknowledge and snooze alerts',
  'automations:read': "read a home's automations and their run log",
  'automations:write': "create, change and delete a home's automations (its owners)",
} as const;

/** One scope of `apiScopes`. */
export type ApiScope = keyof typeof apiScopes;

/** The scopes an owner's token may hold (a personal access token, an OAuth grant of a user). */
export const userScopes: readonly ApiScope[] = [
  'account:read',
  'homes:read',
  'homes:write',
  'devices:read',
  'devices:write',
  'audit:read',
  'notifications:read',
  'notifications:write',
  'webhooks:read',
  'webhooks:write',
  'location:write',
  'alerts:read',
  'alerts:write',
  'automations:read',
  'automations:write',
];

/** The scopes a vendor's API key or OAuth client (client credentials) may hold. */
export const vendorScopes: readonly ApiScope[] = [
  'products:read',
  'products:write',
  'devices:read',
  'devices:write',
  'credentials:write',
  'analytics:read',
  'audit:read',
  'webhooks:read',
  'webhooks:write',
  'alerts:read',
  'alerts:write',
];

/** A scope, as a request body or a token names it. */
// Typed through Unsafe: a union built from an array (not a tuple) has the static type never.
export const ApiScopeSchema = Type.Unsafe<ApiScope>(
  Type.Union(
    Object.keys(apiScopes).map((scope) => Type.Literal(scope as ApiScope)),
    { description: 'A scope of public-api (see apiScopes).' },
  ),
);

/** A list of scopes in a request body: at least one, each once. */
export const ApiScopeList = Type.Array(ApiScopeSchema, {
  minItems: 1,
  maxItems: Object.keys(apiScopes).length,
  uniqueItems: true,
});
export type ApiScopeList = Static<typeof ApiScopeList>;

/** True when `value` is the name of a scope. */
export function isApiScope(value: string): value is ApiScope {
  return Object.hasOwn(apiScopes, value);
}
