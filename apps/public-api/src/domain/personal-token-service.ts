import { userScopes, type CreatePersonalTokenRequest } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import type { AuditLog } from './audit';
import type { TokenAuthenticator, UserCaller } from './callers';
import { addSeconds, type Clock } from './clock';
import type { PersonalToken, PersonalTokenRepository } from './personal-tokens';
import { hashSecretToken, newSecretToken } from './secret-tokens';

/** What the personal access token use cases need. */
export interface PersonalTokenServiceDeps {
  readonly tokens: PersonalTokenRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** Prefix of personal access tokens: their authenticator recognizes them, secret scanners too. */
const personalTokenPrefix = 'hpp_';
const personalTokenShape = /^hpp_[A-Za-z0-9_-]{43}$/;
const day = 86_400;

/** Owners' tokens for their scripts: created (shown once), listed, revoked; and their authenticator. */
export function createPersonalTokenService(deps: PersonalTokenServiceDeps) {
  const { tokens, audit, clock } = deps;
  return {
    async create(
      caller: UserCaller,
      request: CreatePersonalTokenRequest,
    ): Promise<{ token: PersonalToken; secret: string }> {
      const outside = request.scopes.findIndex((scope) => !userScopes.includes(scope));
      if (outside >= 0) {
        const path = `/scopes/${outside}`;
        const message = `${request.scopes[outside]} is not a scope a personal access token may hold`;
        throw new AppError('invalid', 'SCOPE_NOT_ALLOWED', message, {
          details: { fields: [{ location: 'body', path, message }] },
        });
      }
      const now = clock.now();
      const secret = `${personalTokenPrefix}${newSecretToken()}`;
      const token: PersonalToken = {
        id: randomUUID(),
        userId: caller.userId,
        name: request.name,
        scopes: request.scopes,
        expiresAt: request.expiresInDays === undefined ? null : addSeconds(now, request.expiresInDays * day),
        createdAt: now,
      };
      await tokens.insertToken(token, hashSecretToken(secret));
      await audit.record({
        caller,
        at: now,
        action: 'personal-token.created',
        outcome: 'succeeded',
        details: { tokenId: token.id, name: token.name, scopes: token.scopes },
      });
      return { token, secret };
    },

    list(caller: UserCaller): Promise<PersonalToken[]> {
      return tokens.listUserTokens(caller.userId, clock.now());
    },

    async revoke(caller: UserCaller, tokenId: string): Promise<void> {
      const now = clock.now();
      if (!(await tokens.revokeUserToken(caller.userId, tokenId, now))) {
        throw new AppError('not_found', 'PERSONAL_TOKEN_NOT_FOUND', 'no such token of yours');
      }
      await audit.record({
        caller,
        at: now,
        action: 'personal-token.revoked',
        outcome: 'succeeded',
        details: { tokenId },
      });
    },

    authenticator: {
      recognizes: (token: string) => personalTokenShape.test(token),
      async authenticate(token: string, address: string): Promise<UserCaller> {
        const stored = await tokens.findToken(hashSecretToken(token));
        if (stored === undefined) {
          throw new AppError('unauthenticated', 'ACCESS_TOKEN_INVALID', 'the access token is not valid');
        }
        if (stored.revoked) throw new AppError('unauthenticated', 'TOKEN_REVOKED', 'the token was revoked');
        if (stored.expiresAt !== null && stored.expiresAt <= clock.now()) {
          throw new AppError('unauthenticated', 'ACCESS_TOKEN_EXPIRED', 'the token has expired');
        }
        return {
          kind: 'user',
          userId: stored.userId,
          credential: { kind: 'personal-access-token', tokenId: stored.id },
          scopes: new Set(stored.scopes),
          address,
        };
      },
    } satisfies TokenAuthenticator,
  };
}

/** The personal access token use cases. */
export type PersonalTokenService = ReturnType<typeof createPersonalTokenService>;
