import {
  amqpSettings,
  ConfigError,
  httpSettings,
  loadConfig,
  logSettings,
  markSecret,
  type ConfigProblem,
  type Environment,
} from '@homeport/config';
import { idPattern, isValidId } from '@homeport/contracts';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { forwardedKinds } from './domain/device-message';
import { createTopicMapping, type ProviderSettings, type TopicRule } from './domain/topic-mapping';

const literals = <const T extends string>(values: readonly T[], fallback: T) =>
  Type.Union(
    values.map((value) => Type.Literal(value)),
    { default: fallback },
  );

/** fan-out's settings, keyed by environment variable. */
export const fanOutSettings = Type.Object({
  ...httpSettings,
  ...logSettings,
  ...amqpSettings,
  AMQP_PUBLISH_TIMEOUT_MS: Type.Integer({ default: 30_000, minimum: 100 }),
  MQTT_URL: Type.String({ format: 'uri' }),
  MQTT_USERNAME: Type.String({ default: 'service:fan-out' }),
  MQTT_PASSWORD: Type.Optional(markSecret(Type.String())),
  MQTT_CLIENT_ID: Type.String({ default: 'service:fan-out', pattern: '^[A-Za-z0-9_.:-]{1,128}$' }),
  MQTT_PROTOCOL_VERSION: Type.Integer({ default: 4, minimum: 4, maximum: 5 }),
  MQTT_KEEPALIVE_S: Type.Integer({ default: 30, minimum: 1, maximum: 65_535 }),
  MQTT_SESSION_EXPIRY_S: Type.Integer({ default: 604_800, minimum: 1, maximum: 4_294_967_295 }),
  /**
   * Messages in hand per session. A session carries at most this many per RabbitMQ confirm time (100 capped
   * the MQTT-subscriber ingest near 2,500 msg/s; 1000 reached 4,300: tools/bench/README.md, session 21).
   */
  MQTT_RECEIVE_MAXIMUM: Type.Integer({ default: 1000, minimum: 1, maximum: 65_535 }),
  MQTT_RECONNECT_MS: Type.Integer({ default: 1000, minimum: 10 }),
  MQTT_CONNECT_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100 }),
  /** The wait for SUBACK, time spent reading what came before it aside; then the session reconnects to subscribe again. */
  MQTT_SUBSCRIBE_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100 }),
  SUBSCRIPTION_MODE: literals(['single', 'shared', 'partitioned'], 'single'),
  SUBSCRIPTION_GROUP: Type.String({ default: 'fan-out', pattern: idPattern }),
  PARTITION_COUNT: Type.Integer({ default: 4, minimum: 1, maximum: 1024 }),
  LEASE_TTL_MS: Type.Integer({ default: 10_000, minimum: 300 }),
  REDIS_URL: Type.Optional(markSecret(Type.String({ format: 'uri' }))),
  REDIS_KEY_PREFIX: Type.String({ default: 'fan-out:' }),
  PROVIDER: literals(['homeport', 'aws-iot-core', 'generic'], 'homeport'),
  PROVIDER_VENDOR_ID: Type.Optional(Type.String()),
  PROVIDER_TOPIC_PREFIX: Type.String({ default: 'devices', minLength: 1 }),
  PROVIDER_RULES: Type.Optional(Type.String()),
  DEVICE_REGISTRY_URL: Type.Optional(Type.String({ format: 'uri' })),
  /** broker-api's read-only BROKER_API_REGISTRY_READ_TOKEN (GET /devices/:deviceId is all it needs). */
  DEVICE_REGISTRY_TOKEN: Type.Optional(markSecret(Type.String({ minLength: 1 }))),
  DEVICE_REGISTRY_TIMEOUT_MS: Type.Integer({ default: 2000, minimum: 10 }),
  DEVICE_REGISTRY_KNOWN_TTL_MS: Type.Integer({ default: 60_000, minimum: 0 }),
  DEVICE_REGISTRY_UNKNOWN_TTL_MS: Type.Integer({ default: 10_000, minimum: 0 }),
  DEVICE_REGISTRY_CACHE_SIZE: Type.Integer({ default: 10_000, minimum: 1 }),
  RETRY_MAX_DELAY_MS: Type.Integer({ default: 5000, minimum: 10 }),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 5000, minimum: 0 }),
});

/** fan-out's configuration: the settings, plus the provider's topic layout read from them. */
export type FanOutConfig = Static<typeof fanOutSettings> & { readonly provider: ProviderSettings };

// The RabbitMQ connection main.ts opens; the embedded host hands in a bus of its own.
const fanOutServiceSettings = Type.Omit(fanOutSettings, ['AMQP_URL', 'AMQP_NAME_PREFIX']);

/** What startFanOut needs: the service's own settings, whichever bus it publishes to. */
export type FanOutSettings = Static<typeof fanOutServiceSettings> & { readonly provider: ProviderSettings };

/** Schema of one PROVIDER_RULES entry (a JSON array of them). */
const TopicRuleSchema = Type.Object(
  {
    filter: Type.Optional(Type.String({ minLength: 1 })),
    pattern: Type.String({ minLength: 1 }),
    kind: Type.Union(forwardedKinds.map((kind) => Type.Literal(kind))),
    vendorId: Type.Optional(Type.String({ pattern: idPattern })),
    payloadFormat: Type.Optional(Type.Union([Type.Literal('homeport'), Type.Literal('aws-shadow-update')])),
  },
  { additionalProperties: false },
);

/** Reads and checks the configuration (`env` is process.env in main.ts); throws one ConfigError listing every problem. */
export function loadFanOutConfig(env: Environment): FanOutConfig {
  return checkSettings(loadConfig(fanOutSettings, env), env);
}

/** Reads and checks the service's own settings, without the RabbitMQ connection (embedded mode). */
export function loadFanOutSettings(env: Environment): FanOutSettings {
  return checkSettings(loadConfig(fanOutServiceSettings, env), env);
}

/** The checks across keys, and the provider's topic layout; throws one ConfigError listing every problem. */
function checkSettings<S extends Static<typeof fanOutServiceSettings>>(
  settings: S,
  env: Environment,
): S & { readonly provider: ProviderSettings } {
  const problems: ConfigProblem[] = [];
  if (settings.SUBSCRIPTION_MODE === 'partitioned' && settings.REDIS_URL === undefined) {
    problems.push({ key: 'REDIS_URL', reason: 'missing (needed by SUBSCRIPTION_MODE=partitioned)' });
  }
  if (settings.SUBSCRIPTION_MODE === 'shared' && (env['MQTT_CLIENT_ID'] ?? '') === '') {
    problems.push({
      key: 'MQTT_CLIENT_ID',
      reason: 'missing (each replica needs its own, stable one in shared mode)',
    });
  }
  if ((settings.DEVICE_REGISTRY_URL === undefined) !== (settings.DEVICE_REGISTRY_TOKEN === undefined)) {
    const missing =
      settings.DEVICE_REGISTRY_URL === undefined ? 'DEVICE_REGISTRY_URL' : 'DEVICE_REGISTRY_TOKEN';
    problems.push({ key: missing, reason: 'missing (the device registry check needs both URL and token)' });
  }
  const provider = readProvider(settings, problems);
  if (problems.length > 0 || provider === undefined) throw new ConfigError(problems);
  return Object.freeze({ ...settings, provider });
}

function readProvider(
  settings: Static<typeof fanOutServiceSettings>,
  problems: ConfigProblem[],
): ProviderSettings | undefined {
  let provider: ProviderSettings = { provider: 'homeport' };
  switch (settings.PROVIDER) {
    case 'homeport':
      break;
    case 'aws-iot-core': {
      const vendorId = settings.PROVIDER_VENDOR_ID;
      if (vendorId === undefined || !isValidId(vendorId)) {
        problems.push({
          key: 'PROVIDER_VENDOR_ID',
          reason: 'missing or not a valid id (needed by aws-iot-core)',
        });
        return undefined;
      }
      provider = { provider: 'aws-iot-core', vendorId, topicPrefix: settings.PROVIDER_TOPIC_PREFIX };
      break;
    }
    case 'generic': {
      const rules = readRules(settings.PROVIDER_RULES, problems);
      if (rules === undefined) return undefined;
      provider = { provider: 'generic', rules };
      break;
    }
  }
  return checkMapping(provider, problems);
}

function readRules(json: string | undefined, problems: ConfigProblem[]): TopicRule[] | undefined {
  const key = 'PROVIDER_RULES';
  if (json === undefined) {
    problems.push({ key, reason: 'missing (needed by PROVIDER=generic)' });
    return undefined;
  }
  let rules: unknown;
  try {
    rules = JSON.parse(json);
  } catch {
    problems.push({ key, reason: 'not JSON' });
    return undefined;
  }
  const schema = Type.Array(TopicRuleSchema, { minItems: 1 });
  if (!Value.Check(schema, rules)) {
    const reasons = [...Value.Errors(schema, rules)].map(
      (error) => `${error.instancePath || '/'} ${error.message}`,
    );
    problems.push({
      key,
      reason: `not a list of { filter?, pattern, kind, vendorId?, payloadFormat? }: ${reasons.join('; ')}`,
    });
    return undefined;
  }
  return rules;
}

function checkMapping(provider: ProviderSettings, problems: ConfigProblem[]): ProviderSettings | undefined {
  try {
    createTopicMapping(provider);
    return provider;
  } catch (error) {
    const key = provider.provider === 'generic' ? 'PROVIDER_RULES' : 'PROVIDER_TOPIC_PREFIX';
    problems.push({ key, reason: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
