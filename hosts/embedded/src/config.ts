import { loadConfig, markSecret, type Environment } from '@homeport/config';
import { embeddedPortKeys, type EmbeddedPortKey } from '@homeport/contracts';
import { logLevels } from '@homeport/observability';
import { Type, type Static } from 'typebox';

const port = (fallback: number) => Type.Integer({ default: fallback, minimum: 0, maximum: 65535 });
const optionalUrl = () => Type.Optional(markSecret(Type.String({ format: 'uri' })));

/**
 * The embedded platform's own settings. Every server is optional: without its URL the embedded part runs
 * instead (PGlite, the in-process queue, an in-memory cache, the SQL time-series store). The services'
 * own settings (e.g. MQTT_PUBLISH_RATE_PER_SECOND, PREFETCH) are read from the same environment.
 */
export const embeddedConfigSchema = Type.Object({
  /** Each service's log level; warnings and errors only by default, so the banner stays readable. */
  LOG_LEVEL: Type.Union(
    logLevels.map((level) => Type.Literal(level)),
    { default: 'warn' },
  ),
  /** Where the embedded database, the generated secrets and platform.json live. */
  DATA_DIR: Type.String({ default: '.data', minLength: 1 }),
  /** The address every listener binds; 0.0.0.0 accepts devices from the network. */
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  /** broker-api's HTTP API (registry, credentials, desired state, commands, /docs). */
  HTTP_PORT: port(8080),
  FAN_OUT_HTTP_PORT: port(8081),
  STATE_WORKERS_HTTP_PORT: port(8082),
  MQTT_PORT: port(1883),
  MQTT_WS_PORT: port(8083),
  /** public-api: accounts, sessions and homes under /v1, its /docs. */
  PUBLIC_API_HTTP_PORT: port(8084),
  DATABASE_URL: optionalUrl(),
  AMQP_URL: optionalUrl(),
  REDIS_URL: optionalUrl(),
  INFLUX_URL: Type.Optional(Type.String({ format: 'uri' })),
  INFLUX_DATABASE: Type.String({ default: 'homeport', minLength: 1 }),
  INFLUX_TOKEN: Type.Optional(markSecret(Type.String())),
  INFLUX_USERNAME: Type.Optional(Type.String()),
  INFLUX_PASSWORD: Type.Optional(markSecret(Type.String())),
});

/** The embedded platform's validated settings. */
export type EmbeddedConfig = Static<typeof embeddedConfigSchema> & {
  /** The port keys the environment set: those are used as given, the others may move when taken. */
  readonly explicitPorts: ReadonlySet<PortKey>;
};

/** The settings that name a port. */
export type PortKey = EmbeddedPortKey;
/** Every port setting, in the order they are chosen. */
export const portKeys: readonly PortKey[] = embeddedPortKeys;

/** Reads and validates the settings; throws one ConfigError listing every bad key. */
export function loadEmbeddedConfig(env: Environment): EmbeddedConfig {
  const settings = loadConfig(embeddedConfigSchema, env);
  const explicitPorts = new Set(portKeys.filter((key) => (env[key] ?? '') !== ''));
  return { ...settings, explicitPorts };
}
