import { Type } from 'typebox';
import type { ConfigProblem } from './load-config';

/** The setting that lets a development deployment start with the secrets shipped in the repository. */
export const allowDevelopmentSecretsKey = 'HOMEPORT_ALLOW_DEVELOPMENT_SECRETS';

/**
 * Every secret value shipped in the repository: the defaults of docker-compose.yml and the Secrets of
 * k8s/base. Anyone can read them, so a deployment that starts with one of them is open to anyone. They appear
 * inside connection URLs as well as alone, so a secret setting is refused when it contains one, whatever its
 * key (a development token copied into another key is as public as in its own). Add a value here when a
 * deployment file ships a new one.
 */
export const developmentSecretValues: readonly string[] = [
  // PostgreSQL, Redis, RabbitMQ and InfluxDB passwords (DATABASE_URL, REDIS_URL, AMQP_URL, INFLUX_PASSWORD).
  'dev-postgres-password',
  'dev-redis-password',
  'dev-rabbitmq-password',
  'dev-influxdb-password',
  'dev-influxdb-admin-password',
  // broker-api: BROKER_API_TOKEN, BROKER_API_REGISTRY_READ_TOKEN, DEVICE_SECRET_PEPPER, MQTT_SERVICE_TOKENS.
  'dev-broker-api-token-0123456789abcdef',
  'dev-broker-api-registry-read-token-0123456789abcdef',
  'dev-device-secret-pepper-0123456789abcdef',
  // fan-out's MQTT password (and its entry in broker-api's MQTT_SERVICE_TOKENS).
  'dev-fan-out-mqtt-token-0123456789abcdef',
  // public-api: the private part (d) of the Ed25519 JWK in JWT_SIGNING_KEY.
  'dev-public-api-jwt-signing-key-0123456789AA',
  // notifications: the SMTP relay's password in SMTP_URL (k8s/base), NOTIFICATIONS_API_TOKEN, UNSUBSCRIBE_SECRET.
  'dev-smtp-password',
  'dev-notifications-api-token-0123456789abcdef',
  'dev-unsubscribe-secret-0123456789abcdef',
  // alerts: ALERTS_API_TOKEN (its BROKER_API_TOKEN is broker-api's, above).
  'dev-alerts-api-token-0123456789abcdef',
  // geofencing: GEOFENCING_API_TOKEN (its BROKER_API_TOKEN is broker-api's, above).
  'dev-geofencing-api-token-0123456789abcdef',
  // analytics: ANALYTICS_API_TOKEN.
  'dev-analytics-api-token-0123456789abcdef',
];

/** True when a secret setting's value contains a value shipped in the repository. */
export function isDevelopmentSecret(value: unknown): boolean {
  return typeof value === 'string' && developmentSecretValues.some((shipped) => value.includes(shipped));
}

/**
 * The problems of secret settings holding a development value, unless the environment sets
 * HOMEPORT_ALLOW_DEVELOPMENT_SECRETS=true (docker-compose.yml and k8s/base do, visibly).
 */
export function findDevelopmentSecrets(
  secrets: ReadonlyMap<string, unknown>,
  allowed: boolean,
): ConfigProblem[] {
  if (allowed) return [];
  return [...secrets]
    .filter(([, value]) => isDevelopmentSecret(value))
    .map(([key]) => ({
      key,
      reason: `holds a development value shipped in docker-compose.yml or k8s/base; set a secret of your own (or ${allowDevelopmentSecretsKey}=true, for development only)`,
    }));
}

/** The development flag's schema: off unless set. */
export const developmentFlagSetting = Type.Boolean({ default: false });
