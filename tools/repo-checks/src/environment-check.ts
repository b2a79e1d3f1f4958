import { ConfigError, isDevelopmentSecret, loadConfig } from '@homeport/config';
import type { ProgramConfig } from './services';

/** Where a variable's value comes from in a deployment artifact. */
export type EnvSource = 'literal' | 'configmap' | 'secret' | 'field';

/** One environment variable a manifest or compose file gives a container. */
export interface EnvEntry {
  readonly key: string;
  /** The shipped value (a stand-in for values only known at run time, e.g. a pod's name). */
  readonly value: string;
  readonly source: EnvSource;
}

/** Options of `checkProgramEnvironment`. */
export interface EnvironmentCheckOptions {
  /** Keys marked secret (markSecret) must come from a Secret (Kubernetes), never a ConfigMap or literal. */
  readonly secretsFromSecretsOnly: boolean;
}

/**
 * Problems of one container's environment against its program's config schema: keys the schema does
 * not know, required keys not set, secret keys set outside a Secret, shipped secret values that are not
 * listed as development values (so the services would not refuse them), and values the schema refuses.
 * `entries` in definition order: a later one of the same key wins (as in Kubernetes and Compose).
 */
export function checkProgramEnvironment(
  where: string,
  program: ProgramConfig,
  entries: readonly EnvEntry[],
  options: EnvironmentCheckOptions,
): string[] {
  const problems = new Set<string>();
  const known = new Map(program.keys.map((description) => [description.key, description]));
  const env: Record<string, string> = {};
  for (const entry of entries) {
    env[entry.key] = entry.value;
    const description = known.get(entry.key);
    if (description === undefined) {
      problems.add(`${where}: sets ${entry.key}, which is not a config key of ${program.label}`);
    } else if (options.secretsFromSecretsOnly && description.secret && entry.source !== 'secret') {
      problems.add(`${where}: sets secret key ${entry.key} from a ${entry.source}, not from a Secret`);
    }
    // A shipped secret is public: @homeport/config must know it, so a deployment keeping it fails at start.
    if (description?.secret === true && entry.value !== '' && !isDevelopmentSecret(entry.value)) {
      problems.add(
        `${where}: ships a value of secret key ${entry.key} that libs/config's development-secrets.ts does not list`,
      );
    }
  }
  for (const description of program.keys) {
    if (description.required && (env[description.key] ?? '') === '') {
      problems.add(`${where}: does not set ${description.key}, which ${program.label} requires`);
    }
  }
  try {
    loadConfig(program.schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems.filter((candidate) => candidate.key in env)) {
      problems.add(`${where}: ${problem.key} is refused by ${program.label}'s schema (${problem.reason})`);
    }
  }
  return [...problems];
}
