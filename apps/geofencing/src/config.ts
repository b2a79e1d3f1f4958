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
  Type.Integer({ default: defaultMs, minimum, maximum: 2_592_000_000 });

/** Every setting of geofencing, keyed by environment variable. */
export const geofencingConfigSchema = Type.Object({
  ...httpSettings,
  ...logSettings,
  ...serverConnectionSettings,
  /** Queue messages handled at once. */
  PREFETCH: Type.Integer({ default: 50, minimum: 1, maximum: 1000 }),
  ...consumerRetrySettings,
  /** Fixes less accurate than this (meters) are ignored. */
  GEOFENCE_MAX_ACCURACY_METERS: Type.Integer({ default: 150, minimum: 1, maximum: 10_000 }),
  /** Leaving needs a fix this far beyond the zone, its accuracy included. */
  GEOFENCE_EXIT_MARGIN_METERS: Type.Integer({ default: 50, minimum: 0, maximum: 10_000 }),
  /** Leaving is confirmed by this many outside fixes in a row... */
  GEOFENCE_EXIT_CONFIRM_FIXES: Type.Integer({ default: 2, minimum: 1, maximum: 100 }),
  /** ...or by outside fixes spanning this long. */
  GEOFENCE_EXIT_DWELL_MS: Milliseconds(300_000, 0),
  /** A member without a fix for this long becomes unknown (and leaves, if home). */
  PRESENCE_STALE_AFTER_MS: Milliseconds(43_200_000, 1000),
  /** How often stale members are looked for. */
  PRESENCE_SWEEP_MS: Milliseconds(60_000, 10),
  /** How often the outbox is looked at when no batch woke the relay (a crash left events in it). */
  OUTBOX_POLL_MS: Milliseconds(1000, 10),
  /** How long a batch of events the relay claimed is its own; after a crash another replica takes it once this ran out. */
  OUTBOX_LEASE_MS: Milliseconds(30_000, 100),
  /** "On the way home": a fix this much nearer than the previous one (beyond both accuracies)... */
  ON_THE_WAY_MIN_APPROACH_METERS: Type.Integer({ default: 200, minimum: 0, maximum: 100_000 }),
  /** ...and taken within this time of it. */
  ON_THE_WAY_MAX_GAP_MS: Milliseconds(900_000, 1000),
  /** The bearer token of the internal API (public-api and operators): automations, their runs. */
  GEOFENCING_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** broker-api's internal API, where automations set devices' desired state. */
  BROKER_API_URL: Type.String({ pattern: '^https?://[^\\s]+$' }),
  /** broker-api's `BROKER_API_TOKEN`. */
  BROKER_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** One call to broker-api's time limit; past it the run is retried. */
  BROKER_API_TIMEOUT_MS: Milliseconds(5000, 100),
  /** How often due automation runs are looked for when no occupancy change woke the worker. */
  AUTOMATION_POLL_MS: Milliseconds(1000, 10),
  /** How long a run taken by a worker is its own; after a crash another takes it once this ran out. */
  AUTOMATION_LEASE_MS: Milliseconds(30_000, 100),
  /**
   * How long a finished automation run stays in the log; older ones are deleted every PRESENCE_SWEEP_MS,
   * but the newest run of each automation (restore and "on the way home" read it).
   */
  AUTOMATION_RUNS_KEEP_DAYS: Type.Integer({ default: 90, minimum: 1, maximum: 3650 }),
  /** Delays before each retry of a run broker-api did not take; past the last, the run has failed. */
  AUTOMATION_RETRY_DELAYS_MS: Type.String({
    default: '1000,5000,30000,120000,600000',
    pattern: '^[0-9]+(,[0-9]+)*$',
  }),
});

/** The validated settings of geofencing. */
export type GeofencingConfig = Static<typeof geofencingConfigSchema>;

/** Reads and checks the settings; throws one ConfigError listing every bad key. */
export function loadGeofencingConfig(env: Environment): GeofencingConfig {
  return loadConfig(geofencingConfigSchema, env);
}

const geofencingSettingsSchema = Type.Omit(geofencingConfigSchema, serverConnectionKeys);

/** The settings of the service itself, whichever servers it runs on. */
export type GeofencingServiceSettings = Static<typeof geofencingSettingsSchema>;

/** Reads and checks the service's own settings, without the server connections (embedded mode). */
export function loadGeofencingSettings(env: Environment): GeofencingServiceSettings {
  return loadConfig(geofencingSettingsSchema, env);
}
