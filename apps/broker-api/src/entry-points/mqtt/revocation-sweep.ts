import type { Logger } from '@homeport/observability';
import type { AuthRecordCache } from '../../domain/auth-record-cache';
import type { CredentialRepository } from '../../domain/credentials';
import type { Connections } from './connections';
import type { MqttMetrics } from './mqtt-metrics';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';

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
export function createRevocationSweep(deps: RevocationSweepDeps): PeriodicTask {
  let since: Date | undefined;
  let lastPruneMs = Date.now();

  const sweepOnce = async (): Promise<boolean> => {
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
    return false;
  };

  // The first round sets the starting point; a revocation made here triggers a round at once.
  return createPeriodicTask({
    intervalMs: deps.intervalMs,
    round: sweepOnce,
    onFailure: (error) => {
      deps.metrics.backgroundFailures.inc({ task: 'revocation-sweep' });
      deps.logger.warn({ err: error }, 'revocation sweep failed; retrying next interval');
    },
  });
}

/** The revocation sweep of one replica. */
export type RevocationSweep = PeriodicTask;
