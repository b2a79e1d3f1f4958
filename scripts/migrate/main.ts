// Applies one service's migrations to its own schema and exits: the command of the migration Jobs
// (Kubernetes) and migration services (compose). Bundled by scripts/build-service.sh as dist/migrate.js.
import path from 'node:path';
import { createLogger } from '@homeport/observability';
import { runMigrations } from '@homeport/storage';
import { loadMigrateConfig } from './config';

async function main(): Promise<void> {
  const config = loadMigrateConfig(process.env);
  const logger = createLogger({ service: 'migrate', level: config.LOG_LEVEL });
  const migrationsDir = config.MIGRATIONS_DIR ?? path.join(__dirname, '..', 'migrations');
  const applied = await runMigrations({
    databaseUrl: config.DATABASE_URL,
    migrationsDir,
    schema: config.MIGRATIONS_SCHEMA,
  });
  logger.info({ schema: config.MIGRATIONS_SCHEMA, applied }, 'migrations applied');
}

main().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service: 'migrate', msg: String(error) })}\n`);
  process.exit(1);
});
