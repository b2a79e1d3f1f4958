import type { Logger, Registry } from '@homeport/observability';
import { buildHttpApp } from './http-app';
import type { HttpApp } from './http-app-type';
import type { ReadinessCheck } from './readiness';
import { startHttpServer } from './start-http-server';

/** The work a worker service runs behind its operations endpoints (consumers, dispatchers). */
export interface WorkerWork {
  start(): Promise<void>;
  /** Stops the work and releases what it holds; also called when the start failed half way. */
  stop(): Promise<void>;
}

/** A worker service running: its operations endpoints' address, and how to close it. */
export interface ServedWorker {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The skeleton of a service whose only HTTP is for the orchestrator and Prometheus (/health, /ready,
 * /metrics): starts the work, then listens; closes in reverse order (the endpoints first, so /ready stops
 * answering before the work stops). A failed start stops what was started.
 */
export async function serveWorker(options: {
  service: string;
  logger: Logger;
  metrics: Registry;
  readinessChecks: Readonly<Record<string, ReadinessCheck>>;
  host: string;
  port: number;
  work: WorkerWork;
  /** Routes of the service's own (an internal API), registered before it listens. */
  routes?: { readonly description: string; register(app: HttpApp): Promise<void> };
}): Promise<ServedWorker> {
  const app = await buildHttpApp({
    service: options.service,
    logger: options.logger,
    metrics: options.metrics,
    readinessChecks: options.readinessChecks,
    openapi: {
      version: '1.0.0',
      description: options.routes?.description ?? `Operations endpoints of ${options.service}.`,
    },
  });
  try {
    await options.routes?.register(app);
    await options.work.start();
    const server = await startHttpServer(app, { host: options.host, port: options.port });
    return {
      url: server.url,
      async close() {
        await server.close();
        await options.work.stop();
      },
    };
  } catch (error) {
    await options.work.stop();
    throw error;
  }
}
