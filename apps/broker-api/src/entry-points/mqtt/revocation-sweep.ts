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
// A round runs every interval after the previous one ended: three intervals leave room for a slow query.
const currentRounds = 3;

/**
 * Every `intervalMs`, each replica reads the credentials revoked since its last sweep, drops them from its
 * auth cache and closes its connections that authenticated with them: revocation reaches every replica
 * within about one interval, with no other plumbing. `trigger()` sweeps at once (a revocation made here).
 */
export function createRevocationSweep(deps: RevocationSweepDeps): RevocationSweep {
  let since: Date | undefined;
  let lastPruneMs = Date.now();
  let lastSweptFromMs: number | undefined;

  const sweepOnce = async (): Promise<boolean> => {
    const startedAtMs = Date.now();
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
    lastSweptFromMs = startedAtMs;
    return false;
  };

  // The first round sets the starting point; a revocation made here triggers a round at once.
  const task = createPeriodicTask({
    intervalMs: deps.intervalMs,
    round: sweepOnce,
    onFailure: (error) => {
      deps.metrics.backgroundFailures.inc({ task: 'revocation-sweep' });
      deps.logger.warn({ err: error }, 'revocation sweep failed; retrying next interval');
    },
  });
  return {
    ...task,
    // Every revocation committed before the last successful round started has reached the cache; a round
    // that started within `currentRounds` intervals leaves at most that long unseen (what a short TTL did).
    isCurrent: () =>
      lastSweptFromMs !== undefined && Date.now() - lastSweptFromMs <= currentRounds * deps.intervalMs,
  };
}

/** The revocation sweep of one replica. */
export interface RevocationSweep extends PeriodicTask {
  /** True while the sweep succeeds: the auth cache may then keep records beyond its short TTL. */
  isCurrent(): boolean;
}
