import type { TObject, TSchema } from 'typebox';
import { hasDefault, isRequiredKey } from './load-config';
import { allowDevelopmentSecretsKey, developmentFlagSetting } from './development-secrets';
import { isSecretSetting } from './secret';

/** What a deployment needs to know about one setting. */
export interface ConfigKeyDescription {
  /** Environment variable name. */
  key: string;
  /** True when the deployment must set it: not optional and without a default. */
  required: boolean;
  /** True when the schema supplies a value if the variable is unset. */
  hasDefault: boolean;
  /** True when marked with `markSecret` (belongs in a Kubernetes Secret, never in a ConfigMap). */
  secret: boolean;
}

/**
 * Lists the keys `loadConfig` reads for a schema: the schema's own and HOMEPORT_ALLOW_DEVELOPMENT_SECRETS, e.g.
 * to check that a Kubernetes manifest sets every required one and only known ones.
 */
export function describeConfigKeys(schema: TObject): ConfigKeyDescription[] {
  const settings = { ...(schema.properties as Record<string, TSchema>) };
  settings[allowDevelopmentSecretsKey] = developmentFlagSetting;
  return Object.entries(settings).map(([key, setting]) => ({
    key,
    required: isRequiredKey(schema, key) && !hasDefault(setting),
    hasDefault: hasDefault(setting),
    secret: isSecretSetting(setting),
  }));
}
