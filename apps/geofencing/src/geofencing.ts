import { readRetryDelaysMs } from '@homeport/config';
import type { Consumer, MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type { SqlPool } from '@homeport/storage';
import { createBusPresenceEvents } from './adapters/bus-presence-events';
import { createPostgresPresenceOutbox } from './adapters/pg-presence-outbox';
import { createPostgresPresenceStore } from './adapters/pg-presence-store';
import type { GeofencingServiceSettings } from './config';
import { createFixesHandler } from './domain/handle-fixes';
import { createStaleSweep } from './domain/mark-stale';
import { createOutboxRelay } from './domain/relay-outbox';
import { createBackgroundLoop } from './entry-points/background-loop';
import { startLocationFixesConsumer } from './entry-points/location-fixes.consumer';
import type { GeofencingMetrics } from './metrics';

const outboxBatchSize = 100;
const staleBatchSize = 500;

/** The service's work: the fixes consumer, the outbox relay and the stale sweep. */
export function createGeofencing(deps: {
  readonly settings: GeofencingServiceSettings;
  readonly bus: MessageBus;
  readonly pool: SqlPool;
  readonly metrics: GeofencingMetrics;
  readonly logger: Logger;
  readonly now: () => number;
}) {
  const { settings, metrics, logger, now } = deps;
  const store = createPostgresPresenceStore(deps.pool);
  const relayRound = createOutboxRelay({
    outbox: createPostgresPresenceOutbox(deps.pool),
    publisher: createBusPresenceEvents(deps.bus),
    batchSize: outboxBatchSize,
    onPublishFailed: (error) => {
      logger.warn({ err: error }, 'publishing a presence event failed; kept for later');
    },
  });
  const relay = createBackgroundLoop(
    async () => {
      const published = await relayRound();
      metrics.eventsPublished.inc(published);
      return published;
    },
    { idleMs: settings.OUTBOX_POLL_MS, onFailure: reportFailure('outbox-relay') },
  );
  const sweep = createBackgroundLoop(
    createStaleSweep({
      store,
      staleAfterMs: settings.PRESENCE_STALE_AFTER_MS,
      batchSize: staleBatchSize,
      now,
    }),
    { idleMs: settings.PRESENCE_SWEEP_MS, onFailure: reportFailure('stale-sweep') },
  );
  function reportFailure(task: string) {
    return (error: unknown) => {
      metrics.backgroundFailures.inc({ task });
      logger.warn({ err: error, task }, 'a background round failed; retrying after its interval');
    };
  }
  const handle = createFixesHandler({
    store,
    now,
    settings: {
      maxAccuracyMeters: settings.GEOFENCE_MAX_ACCURACY_METERS,
      exitMarginMeters: settings.GEOFENCE_EXIT_MARGIN_METERS,
      exitConfirmFixes: settings.GEOFENCE_EXIT_CONFIRM_FIXES,
      exitDwellMs: settings.GEOFENCE_EXIT_DWELL_MS,
    },
  });
  let consumer: Consumer | undefined;
  return {
    async start() {
      relay.start();
      sweep.start();
      consumer = await startLocationFixesConsumer({
        bus: deps.bus,
        handle,
        metrics,
        onEventsRecorded: () => {
          relay.wake();
        },
        options: { prefetch: settings.PREFETCH, retryDelaysMs: readRetryDelaysMs(settings) },
      });
    },
    async stop() {
      await consumer?.close();
      // The sweep first: its last round may add events for the relay's last round.
      await sweep.stop();
      await relay.stop();
    },
  };
}
