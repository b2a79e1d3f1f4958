import path from 'node:path';
import { runMigrations, type SqlPool } from '@homeport/storage';
import { alertsSchema } from './adapters/pg-rules';

const migrationsDir = path.join(__dirname, '..', 'migrations');

/** Applies alerts' pending migrations to its schema; resolves with the names applied. */
export function migrateAlerts(
  database: { readonly databaseUrl: string } | { readonly pool: SqlPool },
): Promise<string[]> {
  return runMigrations({ ...database, migrationsDir, schema: alertsSchema });
}
