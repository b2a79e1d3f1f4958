export { ConfigError, loadConfig } from './load-config';
export type { ConfigProblem, Environment } from './load-config';
export { describeConfigKeys } from './describe-config-keys';
export type { ConfigKeyDescription } from './describe-config-keys';
export { isDevelopmentSecret } from './development-secrets';
export { isSecretSetting, markSecret, secretAnnotation } from './secret';
export {
  amqpSettings,
  consumerRetrySettings,
  findInfluxAuthProblems,
  httpSettings,
  influxSettings,
  logSettings,
  postgresSettings,
  readInfluxAuth,
  readInfluxConnection,
  readRetryDelaysMs,
  redisSettings,
  serverConnectionKeys,
  serverConnectionSettings,
} from './settings';
export type { InfluxCredentials } from './settings';
