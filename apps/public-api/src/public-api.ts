import { buildHttpApp, startHttpServer, type HttpApp, type HttpServer } from '@homeport/http';
import type { MessageBus } from '@homeport/messaging';
import type { Logger, Registry } from '@homeport/observability';
import { checkPostgres } from '@homeport/storage';
import { createBusNotifications } from './adapters/bus-notifications';
import { createJoseAccessTokens } from './adapters/jose-access-tokens';
import { createPgAuditLog } from './adapters/pg-audit-log';
import { createPgHomeRepository } from './adapters/pg-home.repository';
import { createPgSessionRepository } from './adapters/pg-session.repository';
import { createPgUserRepository } from './adapters/pg-user.repository';
import type { Pool } from './adapters/postgres';
import type { PublicApiSettings } from './config';
import { createAccountService } from './domain/account-service';
import { systemClock, type Clock } from './domain/clock';
import { createHomeService } from './domain/home-service';
import { createSessionService } from './domain/session-service';
import { readSigningKeys } from './domain/signing-keys';
import { bearerSecurityScheme } from './entry-points/http/authenticate';
import { registerApiRoutes } from './entry-points/http/api-routes';
import { createDeferredWork, type DeferredWork } from './entry-points/http/deferred-work';
import { oauthSecurityScheme } from './entry-points/http/oauth-security-scheme';
import { createOAuthServices } from './oauth-services';

/** Connections and adapters the service is started with (main.ts creates them; tests bring their own). */
export interface PublicApiDeps {
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly pool: Pool;
  /** Declares `accountEmailsQueue`, where the email requests wait for the notifications service. */
  readonly bus: MessageBus;
  /** The system clock unless a test moves time. */
  readonly clock?: Clock;
}

/** Sign-ups and reset requests being processed at once, beyond which they are answered 503 SERVER_BUSY. */
const maxDeferredWork = 200;

/** A running public-api: where it listens, and how to stop it. */
export interface RunningPublicApi {
  readonly http: HttpServer;
  /** Stops listening and lets the answered work finish (not the deps). */
  close(): Promise<void>;
}

/** The use cases on the PostgreSQL, bus and jose adapters. */
async function createServices(config: PublicApiSettings, deps: PublicApiDeps) {
  const clock = deps.clock ?? systemClock;
  const read = readSigningKeys(config.JWT_SIGNING_KEY, config.JWT_ACCEPTED_KEYS);
  // The config check at load refused bad keys already; settings built by hand must not slip through.
  if ('problems' in read)
    throw new Error(`bad signing keys: ${read.problems.map((p) => p.reason).join('; ')}`);
  const users = createPgUserRepository(deps.pool);
  const sessionRepository = createPgSessionRepository(deps.pool);
  const notifications = createBusNotifications(deps.bus);
  const audit = createPgAuditLog(deps.pool);
  const accessTokens = await createJoseAccessTokens({
    keys: read.keys,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    clock,
  });
  return {
    accounts: createAccountService({
      users,
      sessions: sessionRepository,
      notifications,
      clock,
      emailVerificationTtlSeconds: config.EMAIL_VERIFICATION_TTL_SECONDS,
      passwordResetTtlSeconds: config.PASSWORD_RESET_TTL_SECONDS,
    }),
    sessions: createSessionService({
      users,
      sessions: sessionRepository,
      accessTokens,
      clock,
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    }),
    homes: createHomeService({
      homes: createPgHomeRepository(deps.pool),
      users,
      notifications,
      clock,
      invitationTtlSeconds: config.INVITATION_TTL_SECONDS,
    }),
    oauth: createOAuthServices(config, { pool: deps.pool, users, audit, clock }),
  };
}

/** Builds public-api's HTTP app (not listening): the ops routes, the OpenAPI document and the `/v1` routes. */
export async function buildPublicApiApp(
  config: PublicApiSettings,
  deps: PublicApiDeps,
  deferred: DeferredWork,
): Promise<HttpApp> {
  const app = await buildHttpApp({
    service: 'public-api',
    logger: deps.logger,
    metrics: deps.metrics,
    openapi: {
      version: '1.0.0',
      openapiVersion: '3.1.0',
      description:
        'The public API for people: accounts, sessions and homes. Errors are `{ code, message, requestId }`.',
      securitySchemes: { ...bearerSecurityScheme, ...oauthSecurityScheme(config.JWT_ISSUER) },
    },
    readinessChecks: {
      postgres: () => checkPostgres(deps.pool),
      rabbitmq: () => deps.bus.checkReady(),
    },
  });
  await registerApiRoutes(app, { ...(await createServices(config, deps)), deferred });
  return app;
}

/** Wires and starts public-api. */
export async function startPublicApi(
  config: PublicApiSettings,
  deps: PublicApiDeps,
): Promise<RunningPublicApi> {
  const deferred = createDeferredWork({ maxPending: maxDeferredWork, metrics: deps.metrics });
  const app = await buildPublicApiApp(config, deps, deferred);
  const http = await startHttpServer(app, { host: config.HTTP_HOST, port: config.HTTP_PORT });
  return {
    http,
    async close() {
      await http.close();
      await deferred.settle();
    },
  };
}
