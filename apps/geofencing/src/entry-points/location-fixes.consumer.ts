import {
  findFixTimeProblem,
  geofencingLocationFixesQueue,
  locationFixesReportedV1,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { ConsumeOptions, Consumer, MessageBus } from '@homeport/messaging';
import type { FixesOutcome, LocationFixes } from '../domain/handle-fixes';
import type { GeofencingMetrics } from '../metrics';

/**
 * Consumes geofencing.location-fixes. A batch whose fix times cannot be right (future, years old) is refused
 * whole (dead-lettered with the reason); public-api refuses those already, so one here is a bug or a replay.
 */
export function startLocationFixesConsumer(deps: {
  readonly bus: MessageBus;
  readonly handle: (batch: LocationFixes) => Promise<FixesOutcome>;
  readonly metrics: GeofencingMetrics;
  /** Called after a batch recorded events or runs: the relay and the automation worker take them at once. */
  readonly onEventsRecorded: () => void;
  readonly options: ConsumeOptions;
}): Promise<Consumer> {
  const { metrics } = deps;
  return deps.bus.consume(
    geofencingLocationFixesQueue,
    {
      [locationFixesReportedV1.type]: async (batch) => {
        checkFixTimes(batch, metrics);
        const outcome = await deps.handle(batch);
        metrics.fixLag.observe(Math.max(0, Date.now() - batch.receivedAt) / 1000);
        const evaluated = batch.fixes.length * (batch.homes.length + (batch.userZones?.length ?? 0));
        metrics.fixes.inc({ outcome: 'ignored' }, outcome.ignoredFixes);
        metrics.fixes.inc({ outcome: 'applied' }, evaluated - outcome.ignoredFixes);
        if (outcome.events > 0) {
          metrics.eventsRecorded.inc(outcome.events);
          deps.onEventsRecorded();
        } else if (outcome.earlyRuns > 0) {
          deps.onEventsRecorded();
        }
      },
    },
    deps.options,
  );
}

function checkFixTimes(batch: LocationFixes, metrics: GeofencingMetrics): void {
  for (const [index, fix] of batch.fixes.entries()) {
    const problem = findFixTimeProblem(fix.at, batch.receivedAt);
    if (problem !== undefined) {
      metrics.deadLetters.inc({ code: 'FIX_TIME_INVALID' });
      throw new AppError('invalid', 'FIX_TIME_INVALID', `fixes/${index}: ${problem}`);
    }
  }
}
