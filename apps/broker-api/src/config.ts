import {
  amqpSettings,
  ConfigError,
  httpSettings,
  loadConfig,
  logSettings,
  markSecret,
  postgresSettings,
  redisSettings,
  type ConfigProblem,
  type Environment,
} from '@homeport/config';
import { maxDevicePayloadBytes, stateWorkersQueue } from '@homeport/contracts';
import { Type, type Static } from 'typebox';
import { explainBadServiceName, type ServiceDirectory } from './domain/service-identity';

const port = (fallback: number) => Type.Integer({ default: fallback, minimum: 0, maximum: 65535 });
const serviceName = '[a-z0-9-]+';
const serviceTokenEntry = `${serviceName}=[^,]{32,}`;

/** broker-api's settings, keyed by environment variable. */
export const brokerApiConfigSchema = Type.Object({
  ...httpSettings,
  ...logSettings,
  ...amqpSettings,
  ...postgresSettings,
  ...redisSettings,
  RUN_MIGRATIONS: Type.Boolean({ default: true }),
  /** Bearer token of the internal HTTP API with every right (public-api, operators). */
  BROKER_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** Bearer token that may only read devices (GET /devices[/:deviceId]): fan-out's registry check. */
  BROKER_API_REGISTRY_READ_TOKEN: Type.Optional(markSecret(Type.String({ minLength: 32 }))),
  /** HMAC key of device secret hashes; changing it invalidates every device credential. */
  DEVICE_SECRET_PEPPER: markSecret(Type.String({ minLength: 32 })),
  /** Internal MQTT clients: `name=token,name=token` (username `service:<name>`, password the token). */
  MQTT_SERVICE_TOKENS: Type.Optional(
    markSecret(Type.String({ pattern: `^${serviceTokenEntry}(,${serviceTokenEntry})*$` })),
  ),
  /** Services of MQTT_SERVICE_TOKENS that may open partition sessions `service:<name>-p{k}of{P}`: `a,b`. */
  MQTT_PARTITIONED_SERVICES: Type.String({ default: '', pattern: `^(${serviceName}(,${serviceName})*)?$` }),
  MQTT_HOST: Type.String({ default: '0.0.0.0', minLength: 1 }),
  MQTT_PORT: port(1883),
  /** The TLS listener runs when both paths are set. */
  MQTT_TLS_PORT: port(8883),
  MQTT_TLS_CERT_PATH: Type.Optional(Type.String({ minLength: 1 })),
  MQTT_TLS_KEY_PATH: Type.Optional(Type.String({ minLength: 1 })),
  MQTT_WS_PORT: port(8083),
  MQTT_WS_PATH: Type.String({ default: '/mqtt', pattern: '^/' }),
  MQTT_MAX_PAYLOAD_BYTES: Type.Integer({ default: maxDevicePayloadBytes, minimum: 1 }),
  /** Largest remaining length a packet may announce; default MQTT_MAX_PAYLOAD_BYTES + 1 KiB (topic, ids). */
  MQTT_MAX_PACKET_BYTES: Type.Optional(Type.Integer({ minimum: 1024 })),
  /** Largest packet until the CONNECT is authenticated (the CONNECT itself, with its will). */
  MQTT_MAX_CONNECT_PACKET_BYTES: Type.Integer({ default: 4096, minimum: 256 }),
  MQTT_PUBLISH_RATE_PER_SECOND: Type.Number({ default: 10, exclusiveMinimum: 0 }),
  MQTT_PUBLISH_BURST: Type.Integer({ default: 50, minimum: 1 }),
  /**
   * Client publishes worked on at once (with the direct ingest: awaiting RabbitMQ's confirm); beyond it,
   * publishes are held and their connections not read (publish-admission.ts).
   */
  MQTT_MAX_PUBLISHES_IN_FLIGHT: Type.Integer({ default: 10_000, minimum: 1 }),
  MQTT_CONNECT_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100 }),
  MQTT_AUTH_CACHE_TTL_MS: Type.Integer({ default: 3_000, minimum: 0 }),
  /** How long a device's auth record is kept while the revocation sweep is current (README, CONNECT cost). */
  MQTT_AUTH_CACHE_MAX_AGE_MS: Type.Integer({ default: 600_000, minimum: 0, maximum: 3_600_000 }),
  /** How long an unknown device id (or one without an active credential) is remembered. */
  MQTT_AUTH_NEGATIVE_CACHE_TTL_MS: Type.Integer({ default: 3_000, minimum: 0, maximum: 60_000 }),
  /** Refused CONNECTs per remote address: a token bucket (refill per second, burst). */
  MQTT_CONNECT_FAILURE_RATE_PER_SECOND: Type.Number({ default: 5, exclusiveMinimum: 0 }),
  MQTT_CONNECT_FAILURE_BURST: Type.Integer({ default: 50, minimum: 1 }),
  MQTT_REVOCATION_SWEEP_MS: Type.Integer({ default: 1_000, minimum: 100, maximum: 4_000 }),
  /**
   * How long a connection lost without DISCONNECT waits for its device to come back before the device is
   * announced offline; a device back in time is announced neither offline nor online (0: announce at once).
   */
  DEVICE_OFFLINE_GRACE_MS: Type.Integer({ default: 30_000, minimum: 0, maximum: 600_000 }),
  /** How often each replica looks for ended, unannounced commands (expiries are found only this way). */
  COMMAND_FINISHED_SWEEP_MS: Type.Integer({ default: 5_000, minimum: 100, maximum: 60_000 }),
  /** Most commands one round of that sweep claims and publishes (a full round is followed by another). */
  COMMAND_FINISHED_SWEEP_BATCH: Type.Integer({ default: 200, minimum: 1, maximum: 5_000 }),
  /** How often each replica looks at the outbox of device.changed events when no change woke its relay. */
  DEVICE_CHANGE_RELAY_MS: Type.Integer({ default: 1_000, minimum: 10, maximum: 60_000 }),
  /** Most device.changed events one relay round claims and publishes (a full round is followed by another). */
  DEVICE_CHANGE_RELAY_BATCH: Type.Integer({ default: 200, minimum: 1, maximum: 5_000 }),
  /**
   * How device messages reach the ingest queue: `direct`, broker-api publishes them to RabbitMQ itself
   * (confirmed before the PUBACK); `mqtt-subscriber`, a fan-out session subscribes to them here.
   */
  INGEST_MODE: Type.Union([Type.Literal('direct'), Type.Literal('mqtt-subscriber')], { default: 'direct' }),
  /** Prefix of the broker's Redis keys and pub/sub channels (one per deployment sharing a Redis). */
  REDIS_KEY_PREFIX: Type.String({ default: 'homeport:broker:', minLength: 1 }),
  /**
   * The key prefix state-workers keep their cached current state under in Redis (their REDIS_KEY_PREFIX,
   * empty in deployments): shadows read their reported side there.
   */
  DEVICE_STATE_KEY_PREFIX: Type.String({ default: '' }),
});

/** broker-api's validated settings. */
export type BrokerApiConfig = Static<typeof brokerApiConfigSchema>;

/** The keys of the servers main.ts connects to; the embedded host hands in connections of its own. */
const connectionKeys = [
  'DATABASE_URL',
  'AMQP_URL',
  'AMQP_NAME_PREFIX',
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'DEVICE_STATE_KEY_PREFIX',
  'RUN_MIGRATIONS',
] as const;
const brokerApiSettingsSchema = Type.Omit(brokerApiConfigSchema, connectionKeys);

/** What startBrokerApi needs: the settings of the service itself, whichever servers it runs on. */
export type BrokerApiSettings = Static<typeof brokerApiSettingsSchema>;

/** Reads and validates the settings; throws one ConfigError listing every bad key. */
export function loadBrokerApiConfig(env: Environment): BrokerApiConfig {
  return checkSettings(loadConfig(brokerApiConfigSchema, env));
}

/** Reads and validates the service's own settings, without the server connections (embedded mode). */
export function loadBrokerApiSettings(env: Environment): BrokerApiSettings {
  return checkSettings(loadConfig(brokerApiSettingsSchema, env));
}

/**
 * The queues broker-api's bus declares: with the direct ingest, the ingest queue it publishes to and
 * dead-letters in (declared here too, so nothing is unroutable before state-workers first start).
 */
export function readBrokerApiQueues(config: Pick<BrokerApiSettings, 'INGEST_MODE'>) {
  return config.INGEST_MODE === 'direct' ? [stateWorkersQueue] : [];
}

/** Room for the topic and the fixed and variable headers of a publish whose payload has the largest size. */
const packetHeadroomBytes = 1024;

/** The largest remaining length a packet may announce once its connection is authenticated. */
export function readMaxPacketBytes(
  config: Pick<BrokerApiSettings, 'MQTT_MAX_PACKET_BYTES' | 'MQTT_MAX_PAYLOAD_BYTES'>,
): number {
  return config.MQTT_MAX_PACKET_BYTES ?? config.MQTT_MAX_PAYLOAD_BYTES + packetHeadroomBytes;
}

type IdentitySettings = Pick<
  BrokerApiConfig,
  'BROKER_API_TOKEN' | 'BROKER_API_REGISTRY_READ_TOKEN' | 'MQTT_SERVICE_TOKENS' | 'MQTT_PARTITIONED_SERVICES'
>;

/** The checks across keys of the credentials; throws one ConfigError listing every problem. */
function checkSettings<S extends IdentitySettings>(settings: S): S {
  const problems: ConfigProblem[] = [];
  if (settings.BROKER_API_REGISTRY_READ_TOKEN === settings.BROKER_API_TOKEN) {
    problems.push({ key: 'BROKER_API_REGISTRY_READ_TOKEN', reason: 'the same as BROKER_API_TOKEN' });
  }
  const { tokens, partitioned } = readServiceDirectory(settings);
  const badNames = [...tokens.keys()].map(explainBadServiceName).filter((reason) => reason !== undefined);
  if (badNames.length > 0) problems.push({ key: 'MQTT_SERVICE_TOKENS', reason: badNames.join('; ') });
  const unknown = [...partitioned].filter((name) => !tokens.has(name));
  if (unknown.length > 0) {
    problems.push({
      key: 'MQTT_PARTITIONED_SERVICES',
      reason: `names services without a token in MQTT_SERVICE_TOKENS: ${unknown.join(', ')}`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

/** The internal MQTT services: MQTT_SERVICE_TOKENS by service name, and MQTT_PARTITIONED_SERVICES. */
export function readServiceDirectory(
  config: Pick<BrokerApiConfig, 'MQTT_SERVICE_TOKENS' | 'MQTT_PARTITIONED_SERVICES'>,
): ServiceDirectory {
  const list = (value: string | undefined) => (value ?? '').split(',').filter((entry) => entry !== '');
  const tokens = new Map(
    list(config.MQTT_SERVICE_TOKENS).map((entry) => {
      const separator = entry.indexOf('=');
      return [entry.slice(0, separator), entry.slice(separator + 1)] as const;
    }),
  );
  return { tokens, partitioned: new Set(list(config.MQTT_PARTITIONED_SERVICES)) };
}
