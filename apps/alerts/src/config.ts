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

const Milliseconds = (defaultMs: number, minimum: number) =>
  Type.Integer({ default: defaultMs, minimum, maximum: 86_400_000 });

/** Every setting of alerts, keyed by environment variable. */
export const alertsConfigSchema = Type.Object({
  ...httpSettings,
  ...logSettings,
  ...serverConnectionSettings,
  ...consumerRetrySettings,
  /** Device events handled at once (one device's still one at a time). */
  PREFETCH: Type.Integer({ default: 200, minimum: 1, maximum: 5000 }),
  /** The bearer token of the internal API (public-api and operators). */
  ALERTS_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** broker-api's internal API: devices' products and homes, products' features. */
  BROKER_API_URL: Type.String({ pattern: '^https?://[^\\s]+$' }),
  /** broker-api's token (BROKER_API_TOKEN there: product reads need it). */
  BROKER_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  BROKER_API_TIMEOUT_MS: Milliseconds(5000, 100),
  /** How often pending alerts are looked at for being due, and silent devices for no-data rules. */
  SWEEP_INTERVAL_MS: Milliseconds(1000, 10),
  /** How often the outbox is looked at when no transition woke it (events another replica left). */
  OUTBOX_POLL_MS: Milliseconds(1000, 10),
  /** How long a claimed outbox batch stays this replica's. */
  OUTBOX_LEASE_MS: Milliseconds(30_000, 100),
  /** How often the rules are reloaded (changes made through another replica). */
  RULES_RELOAD_MS: Milliseconds(5000, 10),
  /** How long a device's product and home are remembered (a claim reaches its rules within it). */
  DEVICE_CACHE_MS: Milliseconds(60_000, 0),
  /** How long a remembered outcome of a rule on a device is trusted before the store is written again. */
  VERIFY_AFTER_MS: Milliseconds(60_000, 100),
  /** Devices remembered (lookups and last messages); the least recent go first. */
  MAX_DEVICES: Type.Integer({ default: 200_000, minimum: 100, maximum: 10_000_000 }),
});

/** The validated settings of alerts. */
export type AlertsConfig = Static<typeof alertsConfigSchema>;

/** Reads and checks the settings; throws one ConfigError listing every bad key. */
export function loadAlertsConfig(env: Environment): AlertsConfig {
  return loadConfig(alertsConfigSchema, env);
}

// The servers main.ts connects to are left out: the embedded host hands in connections of its own.
const alertsSettingsSchema = Type.Omit(alertsConfigSchema, serverConnectionKeys);

/** The settings of the service itself, whichever servers it runs on. */
export type AlertsServiceSettings = Static<typeof alertsSettingsSchema>;

/** Reads and checks the service's own settings, without the server connections (embedded mode). */
export function loadAlertsSettings(env: Environment): AlertsServiceSettings {
  return loadConfig(alertsSettingsSchema, env);
}
