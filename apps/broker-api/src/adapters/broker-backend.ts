/** What aedes keeps and routes through: in this process, or shared between replicas (Redis). */
export interface BrokerBackend {
  /** aedes `mq` option: routes every publish to its subscribers (undefined: aedes' in-memory emitter). */
  readonly mq: unknown;
  /** aedes `persistence` option: sessions, subscriptions, retained messages, wills (undefined: in memory). */
  readonly persistence: unknown;
  /** For /ready. */
  checkReady(): Promise<void>;
  /** Releases the persistence; call after the broker closed (closing the broker closes `mq`). */
  close(): Promise<void>;
}

/**
 * aedes' own in-memory emitter and persistence, for one broker in one process (the embedded mode):
 * sessions and retained messages last as long as the process; desired state and commands stay in
 * PostgreSQL and reach devices again through their requests and subscriptions.
 */
export function createInMemoryBrokerBackend(): BrokerBackend {
  return {
    mq: undefined,
    persistence: undefined,
    checkReady: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
