import { readRetryDelaysMs } from '@homeport/config';
import type { Consumer, MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type { SqlPool } from '@homeport/storage';
import { createPresenceOutbox } from './adapters/pg-presence-outbox';
import { createPostgresPresenceStore } from './adapters/pg-presence-store';
import { createPostgresUserZoneStore } from './adapters/pg-user-zones';
import { createPostgresSharing } from './adapters/pg-sharing';
import { createSharingService } from './domain/sharing-service';
import type { AutomationStore, DesiredStates, RunLog, RunQueue } from './domain/automations';
import { createAutomationService } from './domain/automation-service';
import { createRunWorker } from './domain/run-automations';
import type { GeofencingServiceSettings } from './config';
import { createFixesHandler } from './domain/handle-fixes';
import { createStaleSweep } from './domain/mark-stale';
import { createBackgroundLoop } from './entry-points/background-loop';
import { createPresenceEventRelay } from './entry-points/presence-event-relay';
import { startLocationFixesConsumer } from './entry-points/location-fixes.consumer';
import { startUserDeletionsConsumer } from './entry-points/user-deletions.consumer';
import { createUserForgetting } from './domain/forget-user';
import type { GeofencingMetrics } from './metrics';

const outboxBatchSize = 100;
const staleBatchSize = 500;
const runBatchSize = 20;
const positionsSweepBatch = 5000;
const runsSweepBatch = 1000;

/**
 * The service's work: the fixes and account deletions consumers, the outbox relay, the stale sweep and the automation worker; and
 * the automation use cases its internal API serves.
 */
export function createGeofencing(deps: {
  readonly settings: GeofencingServiceSettings;
  readonly bus: MessageBus;
  readonly pool: SqlPool;
  readonly automations: AutomationStore & RunQueue & RunLog;
  readonly desiredStates: DesiredStates;
  readonly metrics: GeofencingMetrics;
  readonly logger: Logger;
  readonly now: () => number;
}) {
  const { settings, metrics, logger, now } = deps;
  const store = createPostgresPresenceStore(deps.pool);
  const sharing = createPostgresSharing(deps.pool);
  const relay = createBackgroundLoop(
    createPresenceEventRelay({
      outbox: createPresenceOutbox(deps.pool),
      bus: deps.bus,
      batchSize: outboxBatchSize,
      leaseMs: settings.OUTBOX_LEASE_MS,
      onPublished: () => {
        metrics.eventsPublished.inc();
      },
    }),
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
  const worker = createBackgroundLoop(
    createRunWorker({
      runs: deps.automations,
      devices: deps.desiredStates,
      now,
      settings: {
        leaseMs: settings.AUTOMATION_LEASE_MS,
        retryDelaysMs: settings.AUTOMATION_RETRY_DELAYS_MS.split(',').map(Number),
        batchSize: runBatchSize,
      },
      onRunEnded: (run, outcome) => {
        const result = 'retry' in outcome ? 'retried' : outcome.status;
        metrics.automationRuns.inc({ outcome: result });
        const log = { runId: run.id, homeId: run.homeId, cause: run.cause, attempt: run.attempts };
        if ('retry' in outcome)
          logger.warn({ ...log, err: outcome.retry }, 'an automation run will be retried');
        else logger.info({ ...log, status: outcome.status }, 'automation run ended');
      },
    }),
    { idleMs: settings.AUTOMATION_POLL_MS, onFailure: reportFailure('automation-worker') },
  );
  // Kept positions past their retention; after a crash or an opt-out change, the next round catches up.
  const positionsSweep = createBackgroundLoop(() => sharing.sweepPositions(now(), positionsSweepBatch), {
    idleMs: settings.PRESENCE_SWEEP_MS,
    onFailure: reportFailure('positions-sweep'),
  });
  // The run log past its retention, the newest run of each automation kept.
  const runsSweep = createBackgroundLoop(
    () =>
      deps.automations.deleteFinishedBefore(
        now() - settings.AUTOMATION_RUNS_KEEP_DAYS * 86_400_000,
        runsSweepBatch,
      ),
    { idleMs: settings.PRESENCE_SWEEP_MS, onFailure: reportFailure('runs-sweep') },
  );
  const wakeForEvents = () => {
    relay.wake();
    worker.wake();
  };
  function reportFailure(task: string) {
    return (error: unknown) => {
      metrics.backgroundFailures.inc({ task });
      logger.warn({ err: error, task }, 'a background round failed; retrying after its interval');
    };
  }
  const handle = createFixesHandler({
    store,
    userZones: createPostgresUserZoneStore(deps.pool),
    sharing,
    now,
    settings: {
      maxAccuracyMeters: settings.GEOFENCE_MAX_ACCURACY_METERS,
      exitMarginMeters: settings.GEOFENCE_EXIT_MARGIN_METERS,
      exitConfirmFixes: settings.GEOFENCE_EXIT_CONFIRM_FIXES,
      exitDwellMs: settings.GEOFENCE_EXIT_DWELL_MS,
    },
    approach: {
      maxAccuracyMeters: settings.GEOFENCE_MAX_ACCURACY_METERS,
      minApproachMeters: settings.ON_THE_WAY_MIN_APPROACH_METERS,
      maxGapMs: settings.ON_THE_WAY_MAX_GAP_MS,
    },
  });
  const consumers: Consumer[] = [];
  return {
    automations: createAutomationService({ store: deps.automations, now }),
    sharing: createSharingService({ sharing, presence: store, now, onEventsRecorded: wakeForEvents }),
    async start() {
      relay.start();
      sweep.start();
      worker.start();
      positionsSweep.start();
      runsSweep.start();
      const options = { prefetch: settings.PREFETCH, retryDelaysMs: readRetryDelaysMs(settings) };
      consumers.push(
        await startLocationFixesConsumer({
          bus: deps.bus,
          handle,
          metrics,
          onEventsRecorded: wakeForEvents,
          options,
        }),
        await startUserDeletionsConsumer({
          bus: deps.bus,
          forget: createUserForgetting({ presence: store, sharing, now }),
          onEventsRecorded: wakeForEvents,
          options,
        }),
      );
    },
    async stop() {
      await Promise.all(consumers.map((consumer) => consumer.close()));
      // The sweep first: its last round may add events for the relay's last round.
      await sweep.stop();
      await positionsSweep.stop();
      await runsSweep.stop();
      await relay.stop();
      await worker.stop();
    },
  };
}
