import {
  consumerRetrySettings,
  ConfigError,
  httpSettings,
  loadConfig,
  logSettings,
  markSecret,
  serverConnectionKeys,
  serverConnectionSettings,
  type Environment,
} from '@homeport/config';
import { Type, type Static } from 'typebox';
import { apnsSettingsSchema } from './adapters/apns-sender';
import { fcmSettingsSchema } from './adapters/fcm-sender';
import { smsSettingsSchema } from './adapters/sms-sender';
import { webPushSettingsSchema } from './adapters/web-push-sender';
import { knownPushServices } from './domain/push-endpoint-policy';

const Milliseconds = (defaultMs: number, minimum: number) =>
  Type.Integer({ default: defaultMs, minimum, maximum: 86_400_000 });

/** Every setting of notifications, keyed by environment variable. */
export const notificationsConfigSchema = Type.Object({
  ...httpSettings,
  ...logSettings,
  ...serverConnectionSettings,
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://...:465. */
  SMTP_URL: markSecret(Type.String({ pattern: '^smtps?://' })),
  /** SMTP connections kept open (nodemailer's pool). */
  SMTP_MAX_CONNECTIONS: Type.Integer({ default: 5, minimum: 1, maximum: 100 }),
  /** Connecting, the greeting, and any silence of the server: longer is a transient failure. */
  SMTP_TIMEOUT_MS: Milliseconds(30_000, 100),
  EMAIL_FROM: Type.String({ default: 'Homeport <no-reply@homeport.localhost>', minLength: 3 }),
  /** The web console's address: the links of account emails and alerts point there. */
  WEB_APP_URL: Type.String({ pattern: '^https?://[^\\s]+$' }),
  /** Queue messages handled at once per consumer. */
  PREFETCH: Type.Integer({ default: 50, minimum: 1, maximum: 1000 }),
  ...consumerRetrySettings,
  /** Messages this replica sends at once. */
  DISPATCH_CONCURRENCY: Type.Integer({ default: 20, minimum: 1, maximum: 500 }),
  /** How long a claimed message stays this replica's: longer than a send can take (SMTP_TIMEOUT_MS). */
  DISPATCH_LEASE_MS: Milliseconds(120_000, 1000),
  /** How often the outbox is looked at when no request arrived (retries coming due). */
  DISPATCH_POLL_MS: Milliseconds(1000, 10),
  /** Wait after a message's first transient failure, doubled after each (with jitter)... */
  DELIVERY_RETRY_BASE_MS: Milliseconds(10_000, 1),
  /** ...up to this... */
  DELIVERY_RETRY_MAX_MS: Milliseconds(3_600_000, 1),
  /** ...for this many attempts in all (16: about ten hours), then it is given up. */
  DELIVERY_MAX_ATTEMPTS: Type.Integer({ default: 16, minimum: 1, maximum: 100 }),
  /** Provider failures in a row that open its circuit... */
  CIRCUIT_FAILURES: Type.Integer({ default: 5, minimum: 1, maximum: 1000 }),
  /** ...for this long, before one trial message. */
  CIRCUIT_COOLDOWN_MS: Milliseconds(30_000, 1),
  /** The bearer token of the internal API (public-api and operators). */
  NOTIFICATIONS_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** Signs the unsubscribe links of emails (HMAC-SHA256); changing it voids the links already sent. */
  UNSUBSCRIBE_SECRET: markSecret(Type.String({ minLength: 32 })),
  /** Where unsubscribe links point (public-api, `/v1/notifications/unsubscribe`); default WEB_APP_URL's origin. */
  PUBLIC_API_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
  /** Push services a browser's endpoint may be on (SSRF): host names, or `*.suffix`, comma separated. */
  WEB_PUSH_ALLOWED_HOSTS: Type.String({ default: knownPushServices.join(','), minLength: 1 }),
  /** Messages one user gets per category and channel in an hour; the rest come as one summary after it. */
  RATE_LIMIT_PER_HOUR: Type.Integer({ default: 10, minimum: 1, maximum: 10_000 }),
  /** How often held messages (quiet hours, digests, rate limit) are looked at for being due. */
  DIGEST_POLL_MS: Milliseconds(30_000, 10),
  /** One webhook attempt, from resolving the host to the answer's status and first bytes. */
  WEBHOOK_TIMEOUT_MS: Type.Integer({ default: 15_000, minimum: 100, maximum: 120_000 }),
  /** Deliver webhooks to loopback and private addresses (tests, the embedded mode); never in a cluster (SSRF). */
  WEBHOOK_ALLOW_PRIVATE_HOSTS: Type.Boolean({ default: false }),
  /** A webhook's first retry delay, doubled after each failure (with jitter)... */
  WEBHOOK_RETRY_BASE_MS: Milliseconds(5000, 1),
  /** ...up to this... */
  WEBHOOK_RETRY_MAX_MS: Milliseconds(36_000_000, 1),
  /** ...for this many attempts in all (16: 16 to 31 hours), then the delivery fails. */
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ default: 16, minimum: 1, maximum: 100 }),
  /** An endpoint whose every attempt failed for longer than this is disabled at its next failure (5 days). */
  WEBHOOK_DISABLE_AFTER_MS: Type.Integer({ default: 432_000_000, minimum: 0, maximum: 31_536_000_000 }),
  /** How often disabled endpoints not yet announced (a crash, the bus away) are looked for. */
  WEBHOOK_ANNOUNCE_POLL_MS: Milliseconds(30_000, 10),
  ...webPushSettingsSchema,
  ...fcmSettingsSchema,
  ...apnsSettingsSchema,
  ...smsSettingsSchema,
});

/** The validated settings of notifications. */
export type NotificationsConfig = Static<typeof notificationsConfigSchema>;

/** Reads and checks the settings; throws one ConfigError listing every bad key. */
export function loadNotificationsConfig(env: Environment): NotificationsConfig {
  return checkLease(loadConfig(notificationsConfigSchema, env));
}

type LeaseSettings = Pick<
  NotificationsConfig,
  | 'DISPATCH_LEASE_MS'
  | 'SMTP_TIMEOUT_MS'
  | 'DISPATCH_CONCURRENCY'
  | 'SMTP_MAX_CONNECTIONS'
  | 'WEBHOOK_TIMEOUT_MS'
>;

/**
 * A row's lease must outlast its send, or a second replica sends it too: the sends in flight queue for the
 * SMTP connections, each may wait out SMTP_TIMEOUT_MS, so the worst send takes that many rounds.
 */
function checkLease<C extends LeaseSettings>(config: C): C {
  const rounds = Math.ceil(config.DISPATCH_CONCURRENCY / config.SMTP_MAX_CONNECTIONS);
  // A webhook's request has a socket of its own: its timeout bounds it.
  const longestSendMs = Math.max(config.SMTP_TIMEOUT_MS * rounds, config.WEBHOOK_TIMEOUT_MS);
  if (config.DISPATCH_LEASE_MS < longestSendMs) {
    throw new ConfigError([
      {
        key: 'DISPATCH_LEASE_MS',
        reason:
          `must be at least SMTP_TIMEOUT_MS x ceil(DISPATCH_CONCURRENCY / SMTP_MAX_CONNECTIONS) and ` +
          `WEBHOOK_TIMEOUT_MS = ${longestSendMs}, ` +
          'the longest a send can take',
      },
    ]);
  }
  return config;
}

// The servers main.ts connects to are left out: the embedded host hands in connections of its own.
const notificationsSettingsSchema = Type.Omit(notificationsConfigSchema, serverConnectionKeys);

/** The settings of the service itself, whichever servers it runs on. */
export type NotificationsServiceSettings = Static<typeof notificationsSettingsSchema>;

/** Reads and checks the service's own settings, without the server connections (embedded mode). */
export function loadNotificationsSettings(env: Environment): NotificationsServiceSettings {
  return checkLease(loadConfig(notificationsSettingsSchema, env));
}
