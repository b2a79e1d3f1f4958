import {
  consumerRetrySettings,
  ConfigError,
  findInfluxAuthProblems,
  httpSettings,
  influxSettings,
  loadConfig,
  logSettings,
  redisSettings,
  serverConnectionKeys,
  serverConnectionSettings,
  type ConfigProblem,
  type Environment,
} from '@homeport/config';
import { Type, type Static } from 'typebox';
import { parseVendorRetention, type RetentionRules } from './domain/time-series-retention';

/** Every setting of state-workers, keyed by environment variable. */
export const stateWorkersConfigSchema = Type.Object({
  ...httpSettings,
  ...logSettings,
  ...serverConnectionSettings,
  ...redisSettings,
  ...influxSettings,
  /**
   * Messages a replica handles at once, and AMQP messages it holds (a batch of fan-out's counts as one).
   * At low load a message's store writes go at the end of its event-loop turn; under load they wait for the
   * write in flight and the spacings below, so PREFETCH bounds how many ride in each batch.
   */
  PREFETCH: Type.Integer({ default: 1000, minimum: 1, maximum: 5000 }),
  /** Prepended to every Redis key; readers of the state cache must use the same one. */
  REDIS_KEY_PREFIX: Type.String({ default: '' }),
  /** A time-series batch is written when it holds this many points... */
  INFLUX_BATCH_POINTS: Type.Integer({ default: 1000, minimum: 1, maximum: 50_000 }),
  /** ...or this long after its first point. */
  INFLUX_BATCH_DELAY_MS: Type.Integer({ default: 100, minimum: 0, maximum: 10_000 }),
  /**
   * Least time between the starts of two time-series writes that are not full: under load InfluxDB gets at
   * most one request per spacing; a point after a quiet spell goes at once. 0: a write as soon as one ends.
   */
  INFLUX_WRITE_SPACING_MS: Type.Integer({ default: 10, minimum: 0, maximum: 1_000 }),
  /**
   * Above this many points a second the spacing grows in proportion with the rate (twice the rate, twice the
   * spacing), so InfluxDB gets fewer, larger writes where the latency allows a longer wait...
   */
  INFLUX_WRITE_SPACING_GROWS_FROM_POINTS_PER_S: Type.Integer({ default: 1_500, minimum: 1 }),
  /** ...up to this spacing (at most INFLUX_WRITE_SPACING_MS: the spacing never grows). */
  INFLUX_WRITE_MAX_SPACING_MS: Type.Integer({ default: 50, minimum: 0, maximum: 1_000 }),
  /** The same for PostgreSQL's merges of reports (one statement per batch). */
  STATE_MERGE_SPACING_MS: Type.Integer({ default: 10, minimum: 0, maximum: 1_000 }),
  /**
   * Devices whose row a replica keeps after merging it, to merge the device's next report above it (one
   * conditional update instead of the merge in SQL; about 0.5 KiB a device of 9 properties). 0: none.
   */
  STATE_MERGE_ROWS_KEPT: Type.Integer({ default: 20_000, minimum: 0, maximum: 1_000_000 }),
  /** Larger messages are dead-lettered unread (device payloads are at most 64 KiB). */
  MAX_MESSAGE_BYTES: Type.Integer({ default: 128 * 1024, minimum: 1024 }),
  ...consumerRetrySettings,
  /** How long a state change record is kept for redeliveries. */
  STATE_CHANGE_RETENTION_MS: Type.Integer({ default: 3_600_000, minimum: 60_000 }),
  /**
   * How often the cache of current states is checked for its fill marker: missing (the cache lost its data),
   * it is refilled from PostgreSQL. Also checked at start.
   */
  STATE_CACHE_CHECK_MS: Type.Integer({ default: 30_000, minimum: 100 }),
  /** Days raw telemetry and reported state are kept; after that only their rollups. */
  TIME_SERIES_RAW_RETENTION_DAYS: Type.Integer({ default: 30, minimum: 1 }),
  /** Days the 5-minute rollups are kept; 0: forever. */
  TIME_SERIES_5M_RETENTION_DAYS: Type.Integer({ default: 365, minimum: 0 }),
  /** Days the hourly rollups are kept; 0: forever. */
  TIME_SERIES_1H_RETENTION_DAYS: Type.Integer({ default: 0, minimum: 0 }),
  /** Vendors kept otherwise, in days: `acme:raw=90,5m=730,1h=0;globex:raw=7` (a tier not named: the default). */
  TIME_SERIES_VENDOR_RETENTION: Type.String({ default: '' }),
  /** How often the retention is applied (deleting is costly in InfluxDB, so not every minute). */
  TIME_SERIES_RETENTION_INTERVAL_MS: Type.Integer({ default: 3_600_000, minimum: 60_000 }),
});

/** The validated settings of state-workers. */
export type StateWorkersConfig = Static<typeof stateWorkersConfigSchema>;

/** Reads and checks the settings; throws one ConfigError listing every bad key. */
export function loadStateWorkersConfig(env: Environment): StateWorkersConfig {
  const config = loadConfig(stateWorkersConfigSchema, env);
  const problems = [...findInfluxAuthProblems(config), ...findRetentionProblems(config)];
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

type RetentionSettings = Pick<
  StateWorkersConfig,
  | 'TIME_SERIES_RAW_RETENTION_DAYS'
  | 'TIME_SERIES_5M_RETENTION_DAYS'
  | 'TIME_SERIES_1H_RETENTION_DAYS'
  | 'TIME_SERIES_VENDOR_RETENTION'
>;

const forever = (days: number) => (days === 0 ? undefined : days);

function parseRetention(settings: RetentionSettings) {
  const defaults = {
    rawDays: settings.TIME_SERIES_RAW_RETENTION_DAYS,
    fiveMinuteDays: forever(settings.TIME_SERIES_5M_RETENTION_DAYS),
    hourlyDays: forever(settings.TIME_SERIES_1H_RETENTION_DAYS),
  };
  return { defaults, ...parseVendorRetention(settings.TIME_SERIES_VENDOR_RETENTION, defaults) };
}

function findRetentionProblems(settings: RetentionSettings): ConfigProblem[] {
  return parseRetention(settings).problems.map((reason) => ({
    key: 'TIME_SERIES_VENDOR_RETENTION',
    reason,
  }));
}

/** The retention rules the settings give (checked when they were loaded). */
export function readRetentionRules(settings: RetentionSettings): RetentionRules {
  const { defaults, vendors } = parseRetention(settings);
  return { defaults, vendors };
}

/** The keys of the servers main.ts connects to; the embedded host hands in connections of its own. */
const connectionKeys = [
  ...serverConnectionKeys,
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'INFLUX_URL',
  'INFLUX_DATABASE',
  'INFLUX_TOKEN',
  'INFLUX_USERNAME',
  'INFLUX_PASSWORD',
] as const;
const stateWorkersSettingsSchema = Type.Omit(stateWorkersConfigSchema, connectionKeys);

/** The settings of the service itself, whichever servers it runs on. */
export type StateWorkersServiceSettings = Static<typeof stateWorkersSettingsSchema>;

/** Reads and checks the service's own settings, without the server connections (embedded mode). */
export function loadStateWorkersSettings(env: Environment): StateWorkersServiceSettings {
  const settings = loadConfig(stateWorkersSettingsSchema, env);
  const problems = findRetentionProblems(settings);
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
