import type { HttpApp } from '@homeport/http';
import type { AccountService } from '../../domain/account-service';
import type { HomeService } from '../../domain/home-service';
import type { SessionService } from '../../domain/session-service';
import type { OAuthServices } from '../../oauth-services';
import { accountCredentialRoutes } from './account-credential.routes';
import { accountRoutes, publicAccountRoutes } from './account.routes';
import { requireAuthentication } from './authenticate';
import type { DeferredWork } from './deferred-work';
import { homeRoutes } from './home.routes';
import { invitationRoutes } from './invitation.routes';
import { oauthClientRoutes } from './oauth-client.routes';
import { oauthEndpoints } from './oauth-endpoints';
import { publicSessionRoutes, sessionRoutes } from './session.routes';

/** What the API routes call. */
export interface ApiRoutesDeps {
  readonly accounts: AccountService;
  readonly sessions: SessionService;
  readonly homes: HomeService;
  readonly deferred: DeferredWork;
  readonly oauth: OAuthServices;
}

/**
 * Registers the `/v1` routes (the public ones, then a scope where every route needs an access token: a
 * session's, an OAuth client's or a personal one), and the OAuth endpoints.
 */
export async function registerApiRoutes(app: HttpApp, deps: ApiRoutesDeps): Promise<void> {
  const { accounts, sessions, homes, deferred, oauth } = deps;
  await app.register(
    async (v1) => {
      await v1.register(publicAccountRoutes, { accounts, deferred });
      await v1.register(publicSessionRoutes, { sessions });
      await v1.register(async (scope) => {
        requireAuthentication(scope, [
          sessions.authenticator,
          oauth.tokens.authenticator,
          oauth.personalTokens.authenticator,
        ]);
        await scope.register(accountRoutes, { accounts });
        await scope.register(sessionRoutes, { sessions });
        await scope.register(homeRoutes, { homes });
        await scope.register(invitationRoutes, { homes });
        await scope.register(oauthClientRoutes, { oauthClients: oauth.oauthClients });
        await scope.register(accountCredentialRoutes, oauth);
      });
    },
    { prefix: '/v1' },
  );
  await app.register(oauthEndpoints, oauth);
}
