import type { ReadinessCheck } from '@homeport/http';
import type { MessageBus } from '@homeport/messaging';
import type { Registry } from '@homeport/observability';
import type { SqlPool } from '@homeport/storage';

/** What a worker service runs on: the servers' connections (startOnServers) or the embedded host's. */
export interface WorkerRuntime {
  /** A bus declaring the service's queues (its `<service>Queues`). */
  readonly bus: MessageBus;
  /** Where the service's own schema is, migrated. */
  readonly pool: SqlPool;
  /** Checked by GET /ready, one per dependency. */
  readonly readinessChecks: Readonly<Record<string, ReadinessCheck>>;
}

/** A running worker service: its HTTP server (serveWorker) and its work. */
export interface RunningWorker {
  /** Base URL of /health, /ready, /metrics and the service's internal API. */
  readonly url: string;
  readonly metrics: Registry;
  /**
   * Stops the HTTP server, then the service's work (its `start<Service>On` says what), leaving the runtime's
   * connections open; startOnServers' also closes them.
   */
  close(): Promise<void>;
}
