import path from 'node:path';
import { runMigrations, type SqlPool } from '@homeport/storage';
import { notificationsSchema } from './adapters/pg-outbox';

const migrationsDir = path.join(__dirname, '..', 'migrations');

/** Applies notifications' pending migrations to its schema; resolves with the names applied. */
export function migrateNotifications(
  database: { readonly databaseUrl: string } | { readonly pool: SqlPool },
): Promise<string[]> {
  return runMigrations({ ...database, migrationsDir, schema: notificationsSchema });
}
