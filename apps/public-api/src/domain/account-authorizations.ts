import { AppError } from '@homeport/errors';
import type { AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import type { OAuthTokenRepository, UserAuthorization } from './oauth';

/** What the user's view of the apps they authorized needs. */
export interface AccountAuthorizationsDeps {
  readonly tokens: OAuthTokenRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** The apps a user authorized, and their revocation (an assistant's "unlink"). */
export function createAccountAuthorizations(deps: AccountAuthorizationsDeps) {
  const { tokens, audit, clock } = deps;
  return {
    list(caller: UserCaller): Promise<UserAuthorization[]> {
      return tokens.listUserAuthorizations(caller.userId, clock.now());
    },

    /** Ends every grant of the user to the client: its refresh and access tokens stop working at once. */
    async revoke(caller: UserCaller, clientId: string): Promise<void> {
      const now = clock.now();
      const ended = await tokens.endUserGrants(caller.userId, clientId, now);
      if (ended === undefined) {
        throw new AppError(
          'not_found',
          'AUTHORIZATION_NOT_FOUND',
          'this app holds no authorization of yours',
        );
      }
      await audit.record({
        caller,
        at: now,
        action: 'authorization.revoked',
        outcome: 'succeeded',
        vendorId: ended.vendorId,
        details: { clientId, grantIds: ended.grantIds },
      });
    },
  };
}

/** The authorized apps' use cases. */
export type AccountAuthorizations = ReturnType<typeof createAccountAuthorizations>;
