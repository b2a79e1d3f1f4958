import type { HttpApp } from '@homeport/http';
import type { AccountService } from '../../domain/account-service';
import type { AuditService } from '../../domain/audit-service';
import type { HomeService } from '../../domain/home-service';
import type { SessionService } from '../../domain/session-service';
import { accountRoutes, publicAccountRoutes } from './account.routes';
import { auditRoutes } from './audit.routes';
import { requireAuthentication } from './authenticate';
import type { DeferredWork } from './deferred-work';
import { homeRoutes } from './home.routes';
import { invitationRoutes } from './invitation.routes';
import type { RateLimits } from './rate-limits';
import { publicSessionRoutes, sessionRoutes } from './session.routes';

/** What the API routes call. */
export interface ApiRoutesDeps {
  readonly accounts: AccountService;
  readonly sessions: SessionService;
  readonly homes: HomeService;
  readonly audit: AuditService;
  readonly deferred: DeferredWork;
  readonly rateLimits: RateLimits;
}

/**
 * Registers the `/v1` routes: the public ones, then a scope where every route needs an access token. Every
 * request is limited per address, then, once authenticated, per credential (rate-limits.ts).
 */
export async function registerApiRoutes(app: HttpApp, deps: ApiRoutesDeps): Promise<void> {
  const { accounts, sessions, homes, audit, deferred, rateLimits } = deps;
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', rateLimits.limitByAddress);
      await v1.register(publicAccountRoutes, { accounts, deferred });
      await v1.register(publicSessionRoutes, { sessions, rateLimits });
      await v1.register(async (scope) => {
        requireAuthentication(scope, [sessions.authenticator]);
        // After the caller is known: a token that is not valid counts only against its address.
        scope.addHook('onRequest', rateLimits.limitByCaller);
        await scope.register(accountRoutes, { accounts });
        await scope.register(sessionRoutes, { sessions });
        await scope.register(homeRoutes, { homes });
        await scope.register(invitationRoutes, { homes });
        await scope.register(auditRoutes, { audit });
      });
    },
    { prefix: '/v1' },
  );
}
