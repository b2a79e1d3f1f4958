import {
  amqpSettings,
  consumerRetrySettings,
  httpSettings,
  loadConfig,
  logSettings,
  markSecret,
  postgresSettings,
  serverConnectionKeys,
  type Environment,
} from '@homeport/config';
import { Type, type Static } from 'typebox';

/** Every setting of analytics, keyed by environment variable. */
export const analyticsConfigSchema = Type.Object({
  ...httpSettings,
  ...logSettings,
  ...amqpSettings,
  ...postgresSettings,
  ...consumerRetrySettings,
  /** Events handled at once (each one write, in any order). */
  PREFETCH: Type.Integer({ default: 200, minimum: 1, maximum: 5000 }),
  RUN_MIGRATIONS: Type.Boolean({ default: true }),
  /** Prepended to every exchange and queue name; keeps test runs apart (empty in production). */
  AMQP_NAME_PREFIX: Type.String({ default: '', pattern: '^[A-Za-z0-9_.-]*$' }),
  POSTGRES_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
  /** The bearer token of the internal API (public-api and operators). */
  ANALYTICS_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** How often the schedule looks for yesterday's reports not generated yet. */
  REPORT_INTERVAL_MS: Type.Integer({ default: 600_000, minimum: 1000, maximum: 86_400_000 }),
  /** Vendors whose reports one round generates at most (the next round goes on). */
  REPORT_BATCH_SIZE: Type.Integer({ default: 50, minimum: 1, maximum: 10_000 }),
});

/** The validated settings of analytics. */
export type AnalyticsConfig = Static<typeof analyticsConfigSchema>;

/** Reads and checks the settings; throws one ConfigError listing every bad key. */
export function loadAnalyticsConfig(env: Environment): AnalyticsConfig {
  return loadConfig(analyticsConfigSchema, env);
}

// The servers main.ts connects to are left out: the embedded host hands in connections of its own.
const analyticsSettingsSchema = Type.Omit(analyticsConfigSchema, serverConnectionKeys);

/** The settings of the service itself, whichever servers it runs on. */
export type AnalyticsServiceSettings = Static<typeof analyticsSettingsSchema>;

/** Reads and checks the service's own settings, without the server connections (embedded mode). */
export function loadAnalyticsSettings(env: Environment): AnalyticsServiceSettings {
  return loadConfig(analyticsSettingsSchema, env);
}
