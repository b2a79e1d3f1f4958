import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { checkProgramEnvironment, type EnvEntry } from './environment-check';
import { programOf } from './kubernetes';
import type { ServiceConfig } from './services';

interface ComposeService {
  readonly image?: string;
  readonly build?: string | { context?: string; dockerfile?: string };
  readonly command?: string | readonly string[];
  readonly entrypoint?: string | readonly string[];
  readonly environment?: Record<string, string | number | boolean | null> | readonly string[];
  readonly env_file?: unknown;
  readonly depends_on?: readonly string[] | Record<string, { condition?: string }>;
  readonly healthcheck?: { test?: unknown; disable?: boolean };
  readonly restart?: string;
}

/** A parsed compose file, as far as the checks read it. */
export interface ComposeFile {
  readonly services?: Record<string, ComposeService>;
}

/** Parses a compose file (YAML with merge keys, as Compose reads it). */
export function parseComposeFile(text: string): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

/** Compose's variable interpolation with no variables set: `${X:-default}` gives the default. */
export function interpolateDefaults(value: string): string {
  return value.replace(
    /\$\{[A-Za-z_][A-Za-z0-9_]*(?:(:?[-?])([^}]*))?\}/g,
    (_match, operator: string | undefined, fallback: string | undefined) =>
      operator?.endsWith('-') === true ? (fallback ?? '') : '',
  );
}

function readEnvironment(service: ComposeService): EnvEntry[] {
  const environment = service.environment ?? {};
  const pairs = Array.isArray(environment)
    ? (environment as readonly string[]).map((line) => {
        const [key = '', ...value] = line.split('=');
        return [key, value.join('=')] as const;
      })
    : Object.entries(environment as Record<string, unknown>).map(
        ([key, value]) => [key, value === null ? '' : String(value as string | number | boolean)] as const,
      );
  return pairs.map(([key, value]) => ({
    key,
    value: interpolateDefaults(value),
    source: 'literal' as const,
  }));
}

function words(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? value.split(/\s+/) : [...value];
}

/**
 * Problems of a compose file: build contexts and Dockerfiles that exist, depends_on naming services of the
 * file, a healthcheck on every long-running service, an image for each app, and each app container's
 * environment against its program's config schema (unknown keys, required keys, values).
 */
export function checkComposeFile(
  compose: ComposeFile,
  contextRoot: string,
  services: readonly ServiceConfig[],
): string[] {
  const problems: string[] = [];
  const entries = Object.entries(compose.services ?? {});
  if (entries.length === 0) problems.push('compose: no services');
  const covered = new Set<string>();
  for (const [name, service] of entries) {
    const where = `compose service ${name}`;
    if (service.build !== undefined) {
      const build = typeof service.build === 'string' ? { context: service.build } : service.build;
      const context = path.resolve(contextRoot, build.context ?? '.');
      if (!existsSync(context))
        problems.push(`${where}: build context ${build.context ?? '.'} does not exist`);
      const dockerfile = path.join(context, build.dockerfile ?? 'Dockerfile');
      if (!existsSync(dockerfile))
        problems.push(`${where}: Dockerfile ${path.relative(contextRoot, dockerfile)} does not exist`);
    }
    const dependencies = Array.isArray(service.depends_on)
      ? (service.depends_on as readonly string[])
      : Object.keys(service.depends_on ?? {});
    for (const dependency of dependencies.filter((candidate) => !(candidate in (compose.services ?? {})))) {
      problems.push(`${where}: depends_on ${dependency}, which is no service of the file`);
    }
    if (service.env_file !== undefined)
      problems.push(`${where}: env_file is not checked against the config schema; use environment`);
    const container = {
      image: interpolateDefaults(service.image ?? ''),
      command: [...words(service.entrypoint), ...words(service.command)],
    };
    const program = programOf(container, services);
    const isOneShot = service.restart === 'no';
    if (!isOneShot && service.healthcheck?.test === undefined) problems.push(`${where}: has no healthcheck`);
    if (program === undefined) continue;
    covered.add(program.service.name);
    problems.push(
      ...checkProgramEnvironment(where, program.program, readEnvironment(service), {
        secretsFromSecretsOnly: false,
      }),
    );
  }
  for (const service of services.filter((candidate) => !covered.has(candidate.name))) {
    problems.push(`compose: no service runs the image of ${service.name}`);
  }
  return problems;
}
