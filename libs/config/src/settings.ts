import { logLevels } from '@homeport/observability';
import { Type } from 'typebox';
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
};

/** PostgreSQL connection (postgres://user:password@host:port/database). */
export const postgresSettings = {
  DATABASE_URL: markSecret(Type.String({ format: 'uri' })),
};

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
