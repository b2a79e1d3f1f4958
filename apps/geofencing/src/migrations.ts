import path from 'node:path';
import { runMigrations, type SqlPool } from '@homeport/storage';
import { geofencingSchema } from './adapters/pg-presence-store';

const migrationsDir = path.join(__dirname, '..', 'migrations');

/** Applies geofencing's pending migrations to its schema; resolves with the names applied. */
export function migrateGeofencing(
  database: { readonly databaseUrl: string } | { readonly pool: SqlPool },
): Promise<string[]> {
  return runMigrations({ ...database, migrationsDir, schema: geofencingSchema });
}
