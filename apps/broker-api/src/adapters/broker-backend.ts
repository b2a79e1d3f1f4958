import { createAcknowledgedSessionQueues } from './acknowledged-session-queues';

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
 * PostgreSQL and reach devices again through their requests and subscriptions. Since nothing here
 * survives a crash, a device's QoS 1 message is PUBACKed only once the persistent sessions it was queued
 * for (fan-out's) acknowledged it (acknowledged-session-queues.ts).
 */
export function createInMemoryBrokerBackend(): BrokerBackend {
  const { mq, persistence } = createAcknowledgedSessionQueues();
  return {
    mq,
    persistence,
    checkReady: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
