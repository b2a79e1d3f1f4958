import { logLevels } from '@homeport/observability';
import { Type } from 'typebox';
import type { ConfigProblem } from './load-config';
import { markSecret } from './secret';

/** Where the HTTP server listens. Spread into a service's config schema. */
export const httpSettings = {
  HTTP_HOST: Type.String({ default: '0.0.0.0', minLength: 1 }),
  HTTP_PORT: Type.Integer({ default: 8080, minimum: 0, maximum: 65535 }),
};

/** How much a service logs. */
export const logSettings = {
  LOG_LEVEL: Type.Union(
    logLevels.map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
};

/** RabbitMQ connection (amqp://user:password@host:port/vhost); secret as the URL carries credentials. */
export const amqpSettings = {
  AMQP_URL: markSecret(Type.String({ format: 'uri' })),
  /** Prepended to every exchange and queue name; keeps test runs apart (empty in production). */
  AMQP_NAME_PREFIX: Type.String({ default: '', pattern: '^[A-Za-z0-9_.-]*$' }),
};

/** A queue consumer's waits before the retries of a message whose handling failed transiently. */
export const consumerRetrySettings = {
  /** Milliseconds, comma-separated: one retry each, then the dead-letter queue. */
  RETRY_DELAYS_MS: Type.String({ default: '1000,5000,30000', pattern: '^[0-9]+(,[0-9]+)*$' }),
};

/** The retry delays of `consumerRetrySettings` as numbers. */
export function readRetryDelaysMs(config: { readonly RETRY_DELAYS_MS: string }): number[] {
  return config.RETRY_DELAYS_MS.split(',').map(Number);
}

/** PostgreSQL connection (postgres://user:password@host:port/database). */
export const postgresSettings = {
  DATABASE_URL: markSecret(Type.String({ format: 'uri' })),
};

/**
 * The servers a worker service's main.ts connects to: RabbitMQ and PostgreSQL, with the queues' name prefix,
 * the pool's size and whether the service migrates its schema at start (@homeport/service-runtime's
 * startOnServers reads them). Spread into a worker's config schema.
 */
export const serverConnectionSettings = {
  ...amqpSettings,
  ...postgresSettings,
  POSTGRES_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
  RUN_MIGRATIONS: Type.Boolean({ default: true }),
};

/**
 * The keys of `serverConnectionSettings`, which the embedded host replaces by connections of its own: a
 * worker service's own settings are its schema without them.
 */
export const serverConnectionKeys = [
  'AMQP_URL',
  'AMQP_NAME_PREFIX',
  'DATABASE_URL',
  'POSTGRES_POOL_SIZE',
  'RUN_MIGRATIONS',
] as const satisfies readonly (keyof typeof serverConnectionSettings)[];

/** Redis connection (redis://[:password@]host:port[/db]). */
export const redisSettings = {
  REDIS_URL: markSecret(Type.String({ format: 'uri' })),
};

/** InfluxDB (v1 HTTP API) connection; authenticate with a token, or a username and password, or neither. */
export const influxSettings = {
  INFLUX_URL: Type.String({ format: 'uri' }),
  INFLUX_DATABASE: Type.String({ default: 'homeport', minLength: 1 }),
  INFLUX_TOKEN: Type.Optional(markSecret(Type.String())),
  INFLUX_USERNAME: Type.Optional(Type.String()),
  INFLUX_PASSWORD: Type.Optional(markSecret(Type.String())),
};

/** The InfluxDB keys of a loaded config (`influxSettings`). */
type InfluxAuthSettings = {
  readonly INFLUX_TOKEN?: string | undefined;
  readonly INFLUX_USERNAME?: string | undefined;
  readonly INFLUX_PASSWORD?: string | undefined;
};

/** InfluxDB credentials as @homeport/storage's InfluxAuth takes them. */
export type InfluxCredentials =
  { readonly token: string } | { readonly username: string; readonly password: string };

/** INFLUX_USERNAME without INFLUX_PASSWORD, or the reverse: the key that is missing (none when both or neither). */
export function findInfluxAuthProblems(config: InfluxAuthSettings): ConfigProblem[] {
  const hasUser = config.INFLUX_USERNAME !== undefined;
  if (hasUser === (config.INFLUX_PASSWORD !== undefined)) return [];
  const key = hasUser ? 'INFLUX_PASSWORD' : 'INFLUX_USERNAME';
  return [{ key, reason: 'missing (INFLUX_USERNAME and INFLUX_PASSWORD go together)' }];
}

/** InfluxDB credentials: the token if set, else the username and password, else none. */
export function readInfluxAuth(config: InfluxAuthSettings): InfluxCredentials | undefined {
  if (config.INFLUX_TOKEN !== undefined) return { token: config.INFLUX_TOKEN };
  if (config.INFLUX_USERNAME !== undefined && config.INFLUX_PASSWORD !== undefined) {
    return { username: config.INFLUX_USERNAME, password: config.INFLUX_PASSWORD };
  }
  return undefined;
}

/** The InfluxDB connection a config names (`influxSettings`), as @homeport/storage's readers and writers take it. */
export function readInfluxConnection(
  config: InfluxAuthSettings & { readonly INFLUX_URL: string; readonly INFLUX_DATABASE: string },
): { url: string; database: string; auth?: InfluxCredentials } {
  const auth = readInfluxAuth(config);
  return { url: config.INFLUX_URL, database: config.INFLUX_DATABASE, ...(auth !== undefined && { auth }) };
}
