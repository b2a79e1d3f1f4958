// public-api's operator commands, bundled beside main.js as dist/admin.js (scripts/build-service.sh):
//   kubectl exec deploy/public-api -- node dist/admin.js vendor-admin --vendor acme --email ada@example.com
// It reads DATABASE_URL as the service does, and expects the migrations applied (the service's Job does).
import { loadConfig, postgresSettings } from '@homeport/config';
import { createPostgresPool } from '@homeport/storage';
import { Type } from 'typebox';
import { runAdminCommand } from './entry-points/cli/admin-commands';

async function main(): Promise<void> {
  const config = loadConfig(Type.Object({ ...postgresSettings }), process.env);
  const pool = createPostgresPool({ url: config.DATABASE_URL, max: 1, applicationName: 'public-api-admin' });
  try {
    process.exitCode = await runAdminCommand(
      process.argv.slice(2),
      { pool },
      {
        info: (line) => process.stdout.write(`${line}\n`),
        error: (line) => process.stderr.write(`${line}\n`),
      },
    );
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`public-api admin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
