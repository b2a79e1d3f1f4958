import { loadConfig, logSettings, postgresSettings, type Environment } from '@homeport/config';
import { Type, type Static } from 'typebox';

/** Settings of the migrate entry point (dist/migrate.js in each image of a service with migrations). */
export const migrateConfigSchema = Type.Object({
  ...postgresSettings,
  ...logSettings,
  /** The service's own PostgreSQL schema (the one its runMigrations call names, e.g. `broker_api`). */
  MIGRATIONS_SCHEMA: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' }),
  /** Directory of the migration files; default: `../migrations` beside the bundle, as in the image. */
  MIGRATIONS_DIR: Type.Optional(Type.String({ minLength: 1 })),
});

/** The validated settings of the migrate entry point. */
export type MigrateConfig = Static<typeof migrateConfigSchema>;

/** Reads and validates the settings; throws one ConfigError listing every bad key. */
export function loadMigrateConfig(env: Environment): MigrateConfig {
  return loadConfig(migrateConfigSchema, env);
}
