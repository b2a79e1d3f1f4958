import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describeConfigKeys, type ConfigKeyDescription } from '@homeport/config';
import type { TObject } from 'typebox';

/** The repository root. */
export const workspaceRoot = path.resolve(__dirname, '..', '..', '..');

/** Paths every service serves for the orchestrator (@homeport/http): liveness and readiness. */
export const probePaths = { liveness: '/health', readiness: '/ready' } as const;

/** A program an image can run, with the settings it reads from the environment. */
export interface ProgramConfig {
  /** `broker-api` for the service itself, `broker-api migrate` for its migrate entry point. */
  readonly label: string;
  readonly schema: TObject;
  readonly keys: readonly ConfigKeyDescription[];
}

/** One deployable service (apps/<name>) and the programs its image runs. */
export interface ServiceConfig {
  readonly name: string;
  readonly dir: string;
  readonly main: ProgramConfig;
  /** The migrate entry point (dist/migrate.js), when the service has migrations. */
  readonly migrate?: ProgramConfig;
}

/** Names of every service: the folders of apps/ with a package.json. */
export function listServiceNames(root = workspaceRoot): string[] {
  const appsDir = path.join(root, 'apps');
  return readdirSync(appsDir)
    .filter((name) => existsSync(path.join(appsDir, name, 'package.json')))
    .sort();
}

function isObjectSchema(value: unknown): value is TObject {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { type?: unknown; properties?: unknown };
  return candidate.type === 'object' && typeof candidate.properties === 'object';
}

/** The one typebox object schema that a config module exports (throws when there is none or several). */
export async function loadConfigSchema(file: string): Promise<TObject> {
  if (!existsSync(file)) throw new Error(`${path.relative(workspaceRoot, file)} does not exist`);
  const exported = (await import(file)) as Record<string, unknown>;
  const schemas = Object.values(exported).filter(isObjectSchema);
  const [schema, ...others] = schemas;
  if (schema === undefined || others.length > 0) {
    throw new Error(
      `${path.relative(workspaceRoot, file)} exports ${schemas.length} object schemas, not one`,
    );
  }
  return schema;
}

function describeProgram(label: string, schema: TObject): ProgramConfig {
  return { label, schema, keys: describeConfigKeys(schema) };
}

/** Loads the config schemas of a service and of its migrate entry point (scripts/migrate). */
export async function loadServiceConfig(name: string, root = workspaceRoot): Promise<ServiceConfig> {
  const dir = path.join(root, 'apps', name);
  const main = describeProgram(name, await loadConfigSchema(path.join(dir, 'src', 'config.ts')));
  if (!existsSync(path.join(dir, 'migrations'))) return { name, dir, main };
  const migrateSchema = await loadConfigSchema(path.join(root, 'scripts', 'migrate', 'config.ts'));
  return { name, dir, main, migrate: describeProgram(`${name} migrate`, migrateSchema) };
}

/** Loads every service of apps/. */
export async function loadServices(root = workspaceRoot): Promise<ServiceConfig[]> {
  return Promise.all(listServiceNames(root).map((name) => loadServiceConfig(name, root)));
}
