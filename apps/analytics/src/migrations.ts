import path from 'node:path';
import { runMigrations, type SqlPool } from '@homeport/storage';

/** The service's own PostgreSQL schema. */
export const analyticsSchema = 'analytics';

const migrationsDir = path.join(__dirname, '..', 'migrations');

/** Applies analytics' pending migrations to its schema; resolves with the names applied. */
export function migrateAnalytics(
  database: { readonly databaseUrl: string } | { readonly pool: SqlPool },
): Promise<string[]> {
  return runMigrations({ ...database, migrationsDir, schema: analyticsSchema });
}
