import { createPgOAuthClientRepository } from './adapters/pg-oauth-client.repository';
import { createPgOAuthTokenRepository } from './adapters/pg-oauth-token.repository';
import { createPgPersonalTokenRepository } from './adapters/pg-personal-token.repository';
import type { Pool } from './adapters/postgres';
import type { PublicApiSettings } from './config';
import { createAccountAuthorizations } from './domain/account-authorizations';
import type { AuditLog } from './domain/audit';
import type { Clock } from './domain/clock';
import { createOAuthAuthorizationService } from './domain/oauth-authorization-service';
import { createOAuthClientService } from './domain/oauth-client-service';
import { createOAuthTokenService } from './domain/oauth-token-service';
import type { PasswordCheck } from './domain/password-check';
import { createPersonalTokenService } from './domain/personal-token-service';
import type { VendorAccess } from './domain/vendor-access';

/** The OAuth 2.0 and personal access token use cases on their PostgreSQL adapters. */
export function createOAuthServices(
  config: PublicApiSettings,
  deps: { pool: Pool; checkPassword: PasswordCheck; access: VendorAccess; audit: AuditLog; clock: Clock },
) {
  const { pool, audit, clock } = deps;
  const clients = createPgOAuthClientRepository(pool);
  const tokens = createPgOAuthTokenRepository(pool);
  return {
    clients,
    issuer: config.JWT_ISSUER,
    oauthClients: createOAuthClientService({
      clients,
      access: deps.access,
      audit,
      clock,
    }),
    authorization: createOAuthAuthorizationService({
      clients,
      tokens,
      checkPassword: deps.checkPassword,
      audit,
      clock,
      codeTtlSeconds: config.OAUTH_CODE_TTL_SECONDS,
    }),
    tokens: createOAuthTokenService({
      tokens,
      clock,
      accessTokenTtlSeconds: config.OAUTH_ACCESS_TOKEN_TTL_SECONDS,
      grantTtlSeconds: config.OAUTH_GRANT_TTL_SECONDS,
    }),
    authorizations: createAccountAuthorizations({ tokens, audit, clock }),
    personalTokens: createPersonalTokenService({
      tokens: createPgPersonalTokenRepository(pool),
      audit,
      clock,
    }),
  };
}

/** What createOAuthServices builds. */
export type OAuthServices = ReturnType<typeof createOAuthServices>;
