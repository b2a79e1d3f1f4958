import { AppError } from '@homeport/errors';
import { Value } from 'typebox/value';
import type { Static, TObject, TSchema } from 'typebox';
import { readSetting, type SettingResult } from './read-setting';
import {
  allowDevelopmentSecretsKey,
  developmentFlagSetting,
  findDevelopmentSecrets,
} from './development-secrets';
import { isSecretSetting } from './secret';

/** One bad setting: its key and why it was refused (never its value). */
export interface ConfigProblem {
  key: string;
  reason: string;
}

/** Thrown once at start when settings are bad; lists every bad key, not only the first. */
export class ConfigError extends AppError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((problem) => `  ${problem.key}: ${problem.reason}`);
    super('invalid', 'CONFIG_INVALID', `invalid configuration:\n${lines.join('\n')}`, {
      details: { problems },
    });
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Environment variables as Node gives them. */
export type Environment = Record<string, string | undefined>;

/** True when the property is required by its object schema (not wrapped in Type.Optional). */
export function isRequiredKey(schema: TObject, key: string): boolean {
  const required = (schema as { required?: unknown }).required;
  return Array.isArray(required) && required.includes(key);
}

/** True when the setting's schema declares a default value. */
export function hasDefault(schema: TSchema): boolean {
  return 'default' in schema;
}

/** The secret settings that hold a development value, unless HOMEPORT_ALLOW_DEVELOPMENT_SECRETS is true. */
function checkDevelopmentSecrets(
  schema: TObject,
  config: Record<string, unknown>,
  env: Environment,
): ConfigProblem[] {
  const raw = env[allowDevelopmentSecretsKey];
  const flag: SettingResult =
    raw === undefined || raw === '' ? { ok: true, value: false } : readSetting(developmentFlagSetting, raw);
  if (!flag.ok) return [{ key: allowDevelopmentSecretsKey, reason: flag.reason }];
  const secrets = Object.entries(schema.properties as Record<string, TSchema>)
    .filter(([key, setting]) => isSecretSetting(setting) && key in config)
    .map(([key]) => [key, config[key]] as const);
  return findDevelopmentSecrets(new Map(secrets), flag.value === true);
}

/**
 * Reads a service's settings from the environment. The schema is keyed by environment variable
 * name; values are converted (numbers, booleans), defaults applied, unknown variables ignored, and
 * an empty variable counts as unset. A secret setting holding a value shipped in the repository
 * (docker-compose.yml, k8s/base) is refused unless HOMEPORT_ALLOW_DEVELOPMENT_SECRETS is true. Throws one
 * ConfigError listing every bad key.
 */
export function loadConfig<Schema extends TObject>(
  schema: Schema,
  env: Environment = process.env,
): Static<Schema> {
  const config: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const [key, setting] of Object.entries(schema.properties as Record<string, TSchema>)) {
    const raw = env[key];
    if (raw === undefined || raw === '') {
      if (hasDefault(setting)) {
        config[key] = Value.Clone((setting as { default: unknown }).default);
      } else if (isRequiredKey(schema, key)) {
        problems.push({ key, reason: 'missing' });
      }
      continue;
    }
    const result = readSetting(setting, raw);
    if (result.ok) {
      config[key] = result.value;
    } else {
      problems.push({ key, reason: result.reason });
    }
  }
  problems.push(...checkDevelopmentSecrets(schema, config, env));
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return Object.freeze(config) as Static<Schema>;
}
