import type { Logger } from '@homeport/observability';
import type { RedisClient } from '@homeport/storage';
import { createDeviceViewCache, type DeviceViewCache } from './adapters/cached-device-views';
import { createCachedHomeScopes } from './adapters/cached-home-scopes';
import { createCachedSessions } from './adapters/cached-sessions';
import { cacheWebhookMatching } from './adapters/cached-webhook-matching';
import { announceDeviceChanges } from './adapters/device-change-announcements';
import type { CacheLimits } from './adapters/invalidated-cache';
import { createInProcessInvalidations, type Invalidations } from './adapters/invalidations';
import type { InternalApiTransport } from './adapters/internal-api-transport';
import { createPgHomeRepository } from './adapters/pg-home.repository';
import { createPgInvitationRepository } from './adapters/pg-invitation.repository';
import { createPgSessionRepository } from './adapters/pg-session.repository';
import { createPgWebhookRepository } from './adapters/pg-webhook.repository';
import type { Pool } from './adapters/postgres';
import { createRedisInvalidations } from './adapters/redis-invalidations';
import type { PublicApiSettings } from './config';
import type { HomeRepository } from './domain/homes';
import type { InvitationRepository } from './domain/invitations';
import type { SessionRepository } from './domain/sessions';
import type { WebhookRepository } from './domain/webhooks';
import { createBrokerApiSend } from './internal-apis';

/**
 * What the HTTP routes and the live streams share: one pool of broker-api connections, and the repositories
 * and caches (live sessions, home scopes, device views and homes) invalidated across the replicas sharing
 * `redis` (in this process alone without it: the embedded mode), and the webhook endpoints.
 */
export interface SharedAdapters {
  readonly brokerApi: InternalApiTransport;
  readonly sessions: SessionRepository;
  readonly homes: HomeRepository;
  readonly invitations: InvitationRepository;
  readonly invalidations: Invalidations;
  readonly devices: DeviceViewCache;
  /** Webhook endpoints, with the events no endpoint reaches known per replica (the consumer's matching). */
  readonly webhooks: WebhookRepository;
  /** After the routes and the live consumer stopped: the broker-api connections, the subscription. */
  close(): Promise<void>;
}

/** Builds the shared adapters on PostgreSQL, with the caches the settings ask for. */
export function createSharedAdapters(
  config: PublicApiSettings,
  deps: { readonly pool: Pool; readonly redis?: RedisClient | undefined; readonly logger: Logger },
): SharedAdapters {
  const invalidations =
    deps.redis === undefined
      ? createInProcessInvalidations()
      : createRedisInvalidations({
          redis: deps.redis,
          onError: (error) => {
            deps.logger.warn({ err: error }, 'Redis invalidation subscription problem');
          },
        });
  const limits: CacheLimits = {
    maxEntries: config.CALLER_CACHE_MAX_ENTRIES,
    maxAgeMs: config.CALLER_CACHE_MAX_AGE_SECONDS * 1000,
  };
  const sessions = createCachedSessions(createPgSessionRepository(deps.pool), { invalidations, limits });
  const { homes, invitations } = createCachedHomeScopes(
    { homes: createPgHomeRepository(deps.pool), invitations: createPgInvitationRepository(deps.pool) },
    { invalidations, limits },
  );
  const devices = createDeviceViewCache({
    invalidations,
    limits: {
      maxEntries: config.DEVICE_CACHE_MAX_ENTRIES,
      maxAgeMs: config.DEVICE_CACHE_MAX_AGE_SECONDS * 1000,
    },
  });
  const webhooks = cacheWebhookMatching(createPgWebhookRepository(deps.pool), { invalidations, limits });
  const brokerApi = announceDeviceChanges(createBrokerApiSend(config), devices.deviceChanged);
  return {
    brokerApi,
    devices,
    sessions,
    homes,
    invitations,
    invalidations,
    webhooks,
    async close() {
      await Promise.all([brokerApi.close(), invalidations.close()]);
    },
  };
}
