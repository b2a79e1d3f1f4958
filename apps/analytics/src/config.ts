import {
  consumerRetrySettings,
  httpSettings,
  loadConfig,
  logSettings,
  markSecret,
  serverConnectionKeys,
  serverConnectionSettings,
  type Environment,
} from '@homeport/config';
import { Type, type Static } from 'typebox';

/** Every setting of analytics, keyed by environment variable. */
export const analyticsConfigSchema = Type.Object({
  ...httpSettings,
  ...logSettings,
  ...serverConnectionSettings,
  ...consumerRetrySettings,
  /**
   * Events handled at once (each one write, in any order). Stored messages' facts go in batches of up to 500
   * started at least 0.1 s apart (adapters/pg-message-facts.ts): the window holds two full batches.
   */
  PREFETCH: Type.Integer({ default: 1000, minimum: 1, maximum: 5000 }),
  /** The bearer token of the internal API (public-api and operators). */
  ANALYTICS_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** How often the schedule looks for yesterday's reports not generated yet. */
  REPORT_INTERVAL_MS: Type.Integer({ default: 600_000, minimum: 1000, maximum: 86_400_000 }),
  /** Vendors whose reports one round generates at most (the next round goes on). */
  REPORT_BATCH_SIZE: Type.Integer({ default: 50, minimum: 1, maximum: 10_000 }),
  /**
   * Whole UTC days raw message and presence facts are kept (and today); older ones are kept per device and
   * day (one horizon for both, so one rule for which windows are exact). 31: every series of the last month,
   * at any bucket size, is answered from raw rows. At least 8: the current values' window (at most 7 days)
   * never reaches the rollup. The name predates presence's retention: deployments keep it.
   */
  MESSAGE_FACTS_RETENTION_DAYS: Type.Integer({ default: 31, minimum: 8, maximum: 3650 }),
  /** How often the job rolls up the days past the retention and deletes their raw rows. */
  MESSAGE_FACTS_ROLLUP_INTERVAL_MS: Type.Integer({ default: 3_600_000, minimum: 1000, maximum: 86_400_000 }),
  /**
   * Raw message or presence facts one statement deletes at most (the embedded database runs one statement
   * at a time).
   */
  MESSAGE_FACTS_DELETE_BATCH_SIZE: Type.Integer({ default: 5000, minimum: 1, maximum: 100_000 }),
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
