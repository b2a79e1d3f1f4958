import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '@homeport/config';

/** The settings with the given keys known to be set. */
export type WithKeys<Config, Key extends keyof Config> = Config & { [P in Key]-?: NonNullable<Config[P]> };

/** What a channel sender's factory takes: its settings with the credentials set, and a clock for tests. */
export interface SenderOptions<Settings> {
  readonly settings: Settings;
  readonly now?: () => number;
}

/**
 * A channel is configured by its credential keys together: all set (the channel is on, its settings are
 * returned) or none (off: undefined). Some but not all is a configuration error naming the missing keys.
 */
export function pickChannelSettings<Config extends object, Key extends keyof Config & string>(
  config: Config,
  keys: readonly Key[],
): WithKeys<Config, Key> | undefined {
  if (hasEveryKey(config, keys)) return config;
  const missing = keys.filter((key) => config[key] === undefined);
  if (missing.length === keys.length) return undefined;
  const reason = `missing (${keys.join(', ')} go together)`;
  throw new ConfigError(missing.map((key) => ({ key, reason })));
}

function hasEveryKey<Config extends object, Key extends keyof Config>(
  config: Config,
  keys: readonly Key[],
): config is WithKeys<Config, Key> {
  return keys.every((key) => config[key] !== undefined);
}

/** A PEM key from one environment variable, where its line breaks may be written `\n`. */
export function readPem(value: string): string {
  return value.replace(/\\n/g, '\n');
}

/** The private key a setting holds (PEM, PKCS#8 or PKCS#1); a ConfigError naming the setting when it is none. */
export function readPrivateKeySetting(key: string, value: string): KeyObject {
  try {
    return createPrivateKey(readPem(value));
  } catch (error) {
    throw new ConfigError([{ key, reason: `not a PEM private key: ${(error as Error).message}` }]);
  }
}
