import { createLogger } from '@homeport/observability';
import { loadEmbeddedConfig } from './config';
import { startEmbeddedPlatform } from './embedded-platform';
import { formatBanner } from './banner';

/** Composition root of the embedded platform: the only file that reads process.env. */
async function main(): Promise<void> {
  const config = loadEmbeddedConfig(process.env);
  const logger = createLogger({ service: 'embedded', level: config.LOG_LEVEL });
  const platform = await startEmbeddedPlatform(config, process.env, {
    onDevEmail: (email) => {
      process.stdout.write(`mail to ${email.to}: "${email.subject}" (${email.textFile})\n`);
    },
  });
  process.stdout.write(formatBanner(platform));

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Homeport...\n`);
    platform.close().then(
      () => {
        process.stdout.write('Homeport stopped; its data stays in DATA_DIR for the next start.\n');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Homeport failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
