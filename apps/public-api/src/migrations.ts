import { fileURLToPath } from 'node:url';
import { runMigrations, type SqlPool } from '@homeport/storage';
import { schemaName } from './adapters/postgres';

// Beside src/ in the repository, beside dist/ in the image (main.ts is bundled into dist/main.js).
const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

/** Applies public-api's pending migrations to its schema; resolves with the names applied. */
export function migratePublicApi(
  database: { readonly databaseUrl: string } | { readonly pool: SqlPool },
): Promise<string[]> {
  return runMigrations({ ...database, migrationsDir, schema: schemaName });
}
