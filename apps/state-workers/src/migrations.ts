import path from 'node:path';
import { runMigrations, type SqlPool } from '@homeport/storage';
import { stateWorkersSchema } from './adapters/pg-device-state-store';

const migrationsDir = path.join(__dirname, '..', 'migrations');

/** Applies state-workers' pending migrations to its schema; resolves with the names applied. */
export function migrateStateWorkers(
  database: { readonly databaseUrl: string } | { readonly pool: SqlPool },
): Promise<string[]> {
  return runMigrations({ ...database, migrationsDir, schema: stateWorkersSchema });
}
