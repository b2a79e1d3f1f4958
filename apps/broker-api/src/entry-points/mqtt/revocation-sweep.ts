import type { Logger } from '@homeport/observability';
import type { AuthRecordCache } from '../../domain/auth-record-cache';
import type { CredentialRepository } from '../../domain/credentials';
import type { Connections } from './connections';
import type { MqttMetrics } from './mqtt-metrics';

/** Settings and dependencies of the revocation sweep. */
export interface RevocationSweepDeps {
  readonly credentials: CredentialRepository;
  readonly cache: AuthRecordCache;
  readonly connections: Connections;
  readonly intervalMs: number;
  readonly metrics: MqttMetrics;
  readonly logger: Logger;
}

// Revocations committed late (a transaction that started before the previous sweep) are still seen.
const overlapMs = 5_000;
const keepRevocationsMs = 60 * 60_000;
const pruneEveryMs = 10 * 60_000;

/**
 * Every `intervalMs`, each replica reads the credentials revoked since its last sweep, drops them from its
 * auth cache and closes its connections that authenticated with them: revocation reaches every replica
 * within about one interval, with no other plumbing. `trigger()` sweeps at once (a revocation made here).
 */
export function createRevocationSweep(deps: RevocationSweepDeps) {
  let since: Date | undefined;
  let lastPruneMs = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const sweepOnce = async (): Promise<void> => {
    const { revocations, queriedAt } = await deps.credentials.listRevokedSince(since);
    since = new Date(queriedAt.getTime() - overlapMs);
    for (const { credentialId, deviceId } of revocations) {
      deps.cache.invalidate(deviceId);
      const connection = deps.connections.findDevice(deviceId);
      if (connection?.identity.credentialId !== credentialId) continue;
      deps.logger.info({ deviceId, credentialId }, 'credential revoked: closing the connection');
      deps.connections.closeByBroker(connection.client);
    }
    if (Date.now() - lastPruneMs > pruneEveryMs) {
      lastPruneMs = Date.now();
      await deps.credentials.pruneRevocations(new Date(queriedAt.getTime() - keepRevocationsMs));
    }
  };

  const run = (): Promise<void> => {
    if (running !== undefined) {
      again = true;
      return running;
    }
    clearTimeout(timer);
    running = sweepOnce()
      .catch((error: unknown) => {
        deps.metrics.backgroundFailures.inc({ task: 'revocation-sweep' });
        deps.logger.warn({ err: error }, 'revocation sweep failed; retrying next interval');
      })
      .finally(() => {
        running = undefined;
        if (stopped) return;
        if (again) {
          again = false;
          void run();
        } else {
          timer = setTimeout(() => void run(), deps.intervalMs);
        }
      });
    return running;
  };

  return {
    /** Runs the first sweep (which sets the starting point) and schedules the next ones. */
    start: () => run(),
    trigger(): void {
      void run();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** The revocation sweep of one replica. */
export type RevocationSweep = ReturnType<typeof createRevocationSweep>;
