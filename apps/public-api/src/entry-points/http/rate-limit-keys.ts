import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { Caller } from '../../domain/callers';
import { normalizeEmail } from '../../domain/users';
import { callerOf } from './authenticate';
import type { LimitSubject } from './rate-limit-table';

// Whose requests a counter holds together, as the part of its key that names them.

/** A session's id, a token's, a key's; an OAuth grant's (every user of one OAuth client is not one caller). */
function credentialKeyOf(caller: Caller): string {
  const { credential } = caller;
  switch (credential.kind) {
    case 'session':
      return `session:${credential.sessionId}`;
    case 'personal-access-token':
      return `token:${credential.tokenId}`;
    case 'oauth':
      return `grant:${credential.grantId}`;
    case 'oauth-client':
      return `client:${credential.clientId}`;
    case 'api-key':
      return `key:${credential.keyId}`;
  }
}

const callerKeyOf = (caller: Caller) =>
  caller.kind === 'user' ? `user:${caller.userId}` : `vendor:${caller.vendorId}`;

/** The login's email, hashed: the store holds no addresses. The schema validated the body before. */
function loginEmailKeyOf(request: FastifyRequest): string {
  const body = request.body as { email?: unknown } | undefined;
  if (typeof body?.email !== 'string') throw new Error(`${request.url}: a login body without an email`);
  return createHash('sha256').update(normalizeEmail(body.email)).digest('base64url');
}

/** What a counter counts by. */
export type CounterSubject = LimitSubject | 'credential' | 'email';

/** The key part of each subject; `caller` and `credential` only after authentication. */
export const subjectKeys: Readonly<Record<CounterSubject, (request: FastifyRequest) => string>> = {
  // The plugin's own normalization: IPv4-mapped IPv6 as IPv4, IPv6 by its /64.
  address: (request) => normalizeIP(request.ip),
  caller: (request) => callerKeyOf(callerOf(request)),
  credential: (request) => credentialKeyOf(callerOf(request)),
  email: loginEmailKeyOf,
};
