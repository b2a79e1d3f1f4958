import type { Logger } from '@homeport/observability';
import type { CommandFinishedPublisher } from '../../domain/command-finished';
import type { MqttMetrics } from '../mqtt/mqtt-metrics';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';

/** Settings and dependencies of the command-finished sweep. */
export interface CommandFinishedSweepDeps {
  readonly publisher: CommandFinishedPublisher;
  readonly intervalMs: number;
  readonly metrics: MqttMetrics;
  readonly logger: Logger;
}

/**
 * Every `intervalMs`, and at once when an ack ended a command here, each replica publishes
 * device.command-finished for the commands that ended and were not announced yet: acknowledged outcomes,
 * expiries (found only by this sweep), and whatever a crash or an absent RabbitMQ left unannounced. A full
 * batch is followed by the next one at once.
 */
export function createCommandFinishedSweep(deps: CommandFinishedSweepDeps): PeriodicTask {
  return createPeriodicTask({
    intervalMs: deps.intervalMs,
    round: async () => {
      const round = await deps.publisher.publishRound();
      deps.metrics.commandEndsPublished.inc(round.published);
      return round.full && round.failed === 0;
    },
    onFailure: (error) => {
      deps.metrics.backgroundFailures.inc({ task: 'command-finished-sweep' });
      deps.logger.warn({ err: error }, 'command-finished sweep failed; retrying next interval');
    },
  });
}
