import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { stateWorkersQueue } from '@homeport/contracts';
import { startHttpServer } from '@homeport/http';
import { createLogger, createMetricsRegistry } from '@homeport/observability';
import { createServiceMessageBus, runService, stopOnSignals } from '@homeport/service-runtime';
import { createRedisClient } from '@homeport/storage';
import { loadFanOutConfig } from './config';
import { buildFanOutHttpApp } from './entry-points/http-app';
import { startFanOut } from './fan-out';

const service = 'fan-out';

/** Composition root: config -> logger -> connections -> fan-out -> HTTP; shutdown in reverse order. */
async function main(): Promise<void> {
  const config = loadFanOutConfig(process.env);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const registry = createMetricsRegistry({ service });
  const replicaId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const bus = await createServiceMessageBus(logger, {
    url: config.AMQP_URL,
    connectionName: `fan-out-${replicaId}`,
    // Declared here too: a message published before any consumer declared the queue would be dropped.
    queues: [stateWorkersQueue],
    namePrefix: config.AMQP_NAME_PREFIX,
    publishTimeoutMs: config.AMQP_PUBLISH_TIMEOUT_MS,
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

  stopOnSignals(logger, [
    () => bus.close(),
    async () => {
      await redis?.quit();
    },
    () => fanOut.stop(),
    () => server.close(),
  ]);
}

runService(service, main);
