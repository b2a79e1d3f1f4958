import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { stateWorkersQueue } from '@homeport/contracts';
import { startHttpServer } from '@homeport/http';
import { createAmqpMessageBus } from '@homeport/messaging';
import { createLogger, createMetricsRegistry } from '@homeport/observability';
import { createRedisClient } from '@homeport/storage';
import { loadFanOutConfig } from './config';
import { buildFanOutHttpApp } from './entry-points/http-app';
import { startFanOut } from './fan-out';

/** Composition root: config -> logger -> connections -> fan-out -> HTTP; shutdown in reverse order. */
async function main(): Promise<void> {
  const config = loadFanOutConfig(process.env);
  const logger = createLogger({ service: 'fan-out', level: config.LOG_LEVEL });
  const registry = createMetricsRegistry({ service: 'fan-out' });
  const replicaId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const bus = await createAmqpMessageBus({
    url: config.AMQP_URL,
    connectionName: `fan-out-${replicaId}`,
    // Declared here too: a message published before any consumer declared the queue would be dropped.
    queues: [stateWorkersQueue],
    namePrefix: config.AMQP_NAME_PREFIX,
    publishTimeoutMs: config.AMQP_PUBLISH_TIMEOUT_MS,
    onError: (error) => {
      logger.warn({ err: error }, 'RabbitMQ connection problem; reconnecting');
    },
  });
  const redis =
    config.SUBSCRIPTION_MODE === 'partitioned' && config.REDIS_URL !== undefined
      ? createRedisClient({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX })
      : undefined;
  const fanOut = startFanOut(config, {
    bus,
    ...(redis && { redis }),
    logger,
    registry,
    replicaId,
    onFatal: (error) => {
      logger.fatal({ err: error }, 'unexpected error; exiting');
      process.exit(1);
    },
  });
  const app = await buildFanOutHttpApp({ logger, registry, readinessChecks: fanOut.readinessChecks });
  const server = await startHttpServer(app, { host: config.HTTP_HOST, port: config.HTTP_PORT });
  logger.info({ url: server.url, mode: config.SUBSCRIPTION_MODE, replicaId }, 'fan-out started');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    await fanOut.stop();
    await bus.close();
    await redis?.quit();
    logger.info('stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
