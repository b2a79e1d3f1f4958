export { ConfigError, loadConfig } from './load-config';
export type { ConfigProblem, Environment } from './load-config';
export { describeConfigKeys } from './describe-config-keys';
export type { ConfigKeyDescription } from './describe-config-keys';
export { isDevelopmentSecret } from './development-secrets';
export { isSecretSetting, markSecret, secretAnnotation } from './secret';
export {
  amqpSettings,
  httpSettings,
  influxSettings,
  logSettings,
  postgresSettings,
  redisSettings,
} from './settings';
