import type { NotificationChannel } from '@homeport/contracts';
import { readRetryDelaysMs } from '@homeport/config';
import type { NotificationsServiceSettings } from './config';
import type { NotificationsSettings } from './notifications';

/** The domain's settings from the service's configuration and the channels it has senders for. */
export function readNotificationsSettings(
  settings: NotificationsServiceSettings,
  offered: ReadonlySet<NotificationChannel>,
): NotificationsSettings {
  return {
    webAppUrl: settings.WEB_APP_URL,
    publicApiUrl: settings.PUBLIC_API_URL ?? new URL(settings.WEB_APP_URL).origin,
    unsubscribeSecret: settings.UNSUBSCRIBE_SECRET,
    offered,
    pushEndpoints: {
      allowedHosts: settings.WEB_PUSH_ALLOWED_HOSTS.split(',').map((host) => host.trim().toLowerCase()),
      allowHttp: settings.WEB_PUSH_ALLOW_HTTP,
    },
    rateLimitPerHour: settings.RATE_LIMIT_PER_HOUR,
    digestPollMs: settings.DIGEST_POLL_MS,
    prefetch: settings.PREFETCH,
    retryDelaysMs: readRetryDelaysMs(settings),
    dispatch: {
      concurrency: settings.DISPATCH_CONCURRENCY,
      leaseMs: settings.DISPATCH_LEASE_MS,
      pollIntervalMs: settings.DISPATCH_POLL_MS,
      retry: {
        baseDelayMs: settings.DELIVERY_RETRY_BASE_MS,
        maxDelayMs: settings.DELIVERY_RETRY_MAX_MS,
        maxAttempts: settings.DELIVERY_MAX_ATTEMPTS,
      },
      retryByChannel: {
        webhook: {
          baseDelayMs: settings.WEBHOOK_RETRY_BASE_MS,
          maxDelayMs: settings.WEBHOOK_RETRY_MAX_MS,
          maxAttempts: settings.WEBHOOK_MAX_ATTEMPTS,
        },
      },
    },
    webhooks: {
      disableAfterMs: settings.WEBHOOK_DISABLE_AFTER_MS,
      announcePollMs: settings.WEBHOOK_ANNOUNCE_POLL_MS,
    },
    circuit: { failureThreshold: settings.CIRCUIT_FAILURES, cooldownMs: settings.CIRCUIT_COOLDOWN_MS },
  };
}
