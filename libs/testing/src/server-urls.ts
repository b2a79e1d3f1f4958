/** Where the real servers used by tests listen: the same environment keys the services read. */
export interface TestServerUrls {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly amqpUrl: string;
  readonly influxUrl: string;
  readonly mqttUrl: string;
}

/** Reads server addresses from the environment, defaulting to what `npm run services` starts. */
export function readTestServerUrls(env: NodeJS.ProcessEnv = process.env): TestServerUrls {
  return {
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    amqpUrl: env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    influxUrl: env.INFLUX_URL ?? 'http://127.0.0.1:8086',
    mqttUrl: env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
  };
}
